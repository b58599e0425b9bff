import Foundation
import IntelliDineDomain
#if canImport(Glibc)
import Glibc
#endif

/// Raw TCP to a thermal printer (the JetDirect / "port 9100" protocol), with short timeouts:
/// connect, ask the paper sensor (DLE EOT 4), send the ticket, close. Blocking sockets on a
/// background thread: a few tickets a minute do not need an event loop.
enum PrinterConnection {
    enum Failure: Error, CustomStringConvertible {
        case unreachable(String)
        case paperOut
        case writeFailed(String)

        var description: String {
            switch self {
            case .unreachable(let why): "printer unreachable: \(why)"
            case .paperOut: "printer is out of paper"
            case .writeFailed(let why): "printing failed: \(why)"
            }
        }
    }

    static func print(_ bytes: [UInt8], host: String, port: Int, timeoutSeconds: Int = 3) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                do {
                    try send(bytes, host: host, port: port, timeoutSeconds: timeoutSeconds)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private static func send(_ bytes: [UInt8], host: String, port: Int, timeoutSeconds: Int) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &info) == 0, let first = info else { throw Failure.unreachable("cannot resolve \(host)") }
        defer { freeaddrinfo(info) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw Failure.unreachable("no socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            throw Failure.unreachable(String(cString: strerror(errno)))
        }
        try write(fd, ESCPOS.paperStatusQuery)
        var status: UInt8 = 0
        // A printer that does not answer status queries (within half a second) is printed to all the same.
        var statusWait = timeval(tv_sec: 0, tv_usec: 500_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &statusWait, socklen_t(MemoryLayout<timeval>.size))
        if recv(fd, &status, 1, 0) == 1, ESCPOS.paperIsOut(status) { throw Failure.paperOut }
        try write(fd, bytes)
        shutdown(fd, Int32(SHUT_WR))
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure.writeFailed(String(cString: strerror(errno))) }
            offset += sent
        }
    }
}
