import Foundation
import Hummingbird
import NIOCore

/// A fake outside service (Razorpay, ...) on a port the kernel picks when it binds.
///
/// Picking a port by binding and releasing it first leaves a gap in
/// which another suite's server can take the same port. CI saw exactly that: the daemon's
/// Razorpay calls reached another test's server, which answered 401, and the test read it as
/// "pay at the counter".
enum ListeningServer {
    /// Runs the application built for the given `onServerRunning` hook, and returns once it
    /// listens, with its port and the task to cancel when the test is done.
    static func start<App: ApplicationProtocol>(
        _ make: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) -> App
    ) async throws -> (port: Int, task: Task<Void, any Error>) {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = make { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }
        let task = Task {
            defer { continuation.finish() }
            try await app.runService()
        }
        for await port in ports where port > 0 { return (port, task) }
        task.cancel()
        throw TestFailure("the fake server did not start listening")
    }
}

/// A port bound with `SO_REUSEADDR` and held without listening, for a service that is down and
/// may come back. A connection to it is refused at once, the kernel gives it to no other socket
/// that binds port 0, and a server that binds it with `SO_REUSEADDR` (Hummingbird's default) can
/// listen on it while it is held.
final class ReservedPort: Sendable {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else {
            close(fd)
            throw TestFailure("no free port")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }

    /// 127.0.0.1 on `port` (0 lets the kernel pick), for `bind`.
    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}
