import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What systemd listens on for `sd_notify`: a unix datagram socket whose path goes into
/// `NOTIFY_SOCKET`. Every datagram is kept with the time it arrived.
final class NotifySocket: Sendable {
    let path: String
    let messages = Mutex<[(at: ContinuousClock.Instant, text: String)]>([])
    private let fd: Int32

    init(path: String = "/tmp/idn-\(UUID().uuidString.prefix(8)).sock") throws {
        self.path = path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw TestFailure("cannot bind \(path)") }
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4_096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { break }
                let text = String(decoding: buffer[0..<count], as: UTF8.self)
                messages.withLock { $0.append((ContinuousClock.now, text)) }
            }
        }
    }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
        unlink(path)
    }

    /// Each `KEY=value` line received, in order, with its arrival time.
    var lines: [(at: ContinuousClock.Instant, line: String)] {
        messages.withLock { $0 }.flatMap { message in message.text.split(separator: "\n").map { (message.at, String($0)) } }
    }

    func waitFor(_ line: String, seconds: Double = 20) async throws {
        try await waitFor(prefix: line, exact: true, seconds: seconds)
    }

    func waitFor(prefix line: String, exact: Bool = false, seconds: Double = 20) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1_000))
        // Looked at once more after the deadline: on a loaded machine (CI, with the whole suite in
        // parallel) this task can wake only after the deadline, with the line long since arrived.
        while true {
            if lines.contains(where: { exact ? $0.line == line : $0.line.hasPrefix(line) }) { return }
            if ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("no \(line) on the notify socket; got \(lines.map(\.line))")
    }
}
