import AsyncHTTPClient
import ChildProcesses
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The real `intellidine` binary, started as a child process on a state directory, for tests
/// that need the whole daemon: restarts, kills, the command line.
final class DaemonProcess: @unchecked Sendable {
    let process: Child
    let stateDir: String
    private(set) var port = 0
    /// What the daemon logged up to the moment it listened.
    private(set) var startupLog = ""

    /// The binary `swift build` put beside the test bundle.
    static var binary: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/intellidine").path
    }

    init(stateDir: String, arguments: [String] = ["--demo"], environment: [String: String] = [:], binary: String = DaemonProcess.binary) throws {
        self.stateDir = stateDir
        process = try Child(
            binary, ["serve", "--state-dir", stateDir, "--host", "127.0.0.1", "--port", "0", "--log-level", "info"] + arguments,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTELLIDINE_") }
                .merging(environment) { _, new in new },
            stdout: .null, stderr: .pipe)
    }

    /// Waits for "listening on 127.0.0.1:PORT" in the daemon's log.
    func waitUntilListening(timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var log = ""
        while Date() < deadline {
            guard let chunk = Child.readSome(process.errors, waiting: 50) else {
                throw TestFailure("daemon exited: \(log)")
            }
            log += chunk
            if let range = log.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(log[range].split(separator: ":").last!)!
                startupLog = log
                return
            }
        }
        throw TestFailure("daemon did not start: \(log)")
    }

    /// Everything the daemon wrote to stderr, once it has exited.
    func errorOutput() -> String {
        Child.readToEnd(process.errors)
    }

    /// SIGKILL: no shutdown, no flush, as in a power cut of the process.
    func kill() {
        process.send(SIGKILL)
        process.wait()
    }

    /// SIGTERM, and waits for the daemon's orderly exit.
    func terminate() {
        process.send(SIGTERM)
        process.wait()
    }

    /// One HTTP call on a real socket.
    func call(_ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any]? = nil) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        let decoded = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
        return (Int(response.status.code), decoded)
    }

    /// The newest OTP the daemon wrote to its SMS spool for a phone.
    func lastOTP(to phone: String) throws -> String {
        let dir = stateDir + "/sms/outgoing"
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted().reversed() {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            guard text.hasPrefix("To: 91\(phone)\n"), let range = text.range(of: #"is \d{6}"#, options: .regularExpression) else { continue }
            return String(text[range].dropFirst(3))
        }
        throw TestFailure("no OTP for \(phone)")
    }
}
