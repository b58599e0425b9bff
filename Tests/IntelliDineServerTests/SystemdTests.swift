import AsyncHTTPClient
import ChildProcesses
import Foundation
import Testing

@Suite("systemd integration, over the real protocols")
struct SystemdTests {
    @Test("READY=1 once it listens, STATUS lines, WATCHDOG=1 at half the interval, STOPPING=1 on SIGTERM")
    func notifyProtocol() async throws {
        let notify = try NotifySocket()
        defer { notify.close() }
        let state = NSTemporaryDirectory() + "intellidine-systemd-" + UUID().uuidString
        // WatchdogSec=4s: systemd expects a ping at least every 4 s; the daemon sends one every 2 s.
        // (A 1 s watchdog left a busy CI machine no slack: one stall of half a second broke it.)
        let daemon = try DaemonProcess(stateDir: state, environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "4000000"])
        defer { daemon.terminate() }
        try daemon.waitUntilListening()
        try await notify.waitFor("READY=1")
        // Ready means ready: the socket answers at once.
        #expect(try await daemon.call(.GET, "/readyz").status == 200)
        #expect(notify.lines.contains { $0.line.hasPrefix("STATUS=Serving; 0 open orders") })

        let start = ContinuousClock.now
        try await Task.sleep(for: .seconds(9))
        let end = ContinuousClock.now
        let pings = notify.lines.filter { $0.line == "WATCHDOG=1" && $0.at >= start && $0.at <= end }.map(\.at)
        // One every 2 s over the time that really passed: a loaded machine oversleeps the 9 s.
        let expected = Int((end - start) / .seconds(2))
        #expect(abs(pings.count - expected) <= 2, "\(pings.count) watchdog pings in \(end - start), expected about \(expected)")
        let gaps = zip(pings.dropFirst(), pings).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 < .seconds(4) }, "\(gaps)")
        #expect(notify.lines.filter { $0.line.hasPrefix("STATUS=") }.count >= 1)
        #expect(!notify.lines.contains { $0.line == "STOPPING=1" })

        daemon.process.send(SIGTERM)
        try await notify.waitFor("STOPPING=1")
        #expect(daemon.process.wait() == 0)
    }

    @Test("Without NOTIFY_SOCKET nothing is sent and the daemon serves as usual")
    func withoutSystemd() async throws {
        let state = NSTemporaryDirectory() + "intellidine-systemd-" + UUID().uuidString
        let daemon = try DaemonProcess(stateDir: state)
        defer { daemon.terminate() }
        try daemon.waitUntilListening()
        #expect(try await daemon.call(.GET, "/readyz").status == 200)
        #expect(try await daemon.call(.GET, "/healthz").status == 200)
    }
}
