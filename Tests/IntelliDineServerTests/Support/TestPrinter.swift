import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A network thermal printer on a real TCP port: it answers the paper sensor query (DLE EOT 4)
/// like an Epson does (0x12 paper present, 0x72 paper out), then keeps every ticket it is sent.
/// It can be switched off (nothing listens) and run out of paper.
final class TestPrinter: Sendable {
    /// Held while the printer is off too, so no other test's server answers on its port.
    private let reserved: ReservedPort
    var port: Int { reserved.port }
    /// Each connection's bytes after the status query: one ticket each.
    let tickets = Mutex<[[UInt8]]>([])
    let paperOut = Mutex(false)
    private let listener = Mutex<Int32>(-1)

    init() throws { reserved = try ReservedPort() }

    func switchOn() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = ReservedPort.loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { close(fd); throw TestFailure("printer cannot listen on \(port)") }
        listener.withLock { $0 = fd }
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { break }
                serve(client)
            }
            close(fd)
        }
    }

    func switchOff() {
        let fd = listener.withLock { fd in defer { fd = -1 }; return fd }
        if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)) }
        // Wait until the port is really closed.
        usleep(100_000)
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var query = [UInt8](repeating: 0, count: 3)
        guard recv(client, &query, 3, Int32(MSG_WAITALL)) == 3, query == [0x10, 0x04, 0x04] else { return }
        var status: UInt8 = paperOut.withLock { $0 } ? 0x72 : 0x12
        _ = send(client, &status, 1, Int32(MSG_NOSIGNAL))
        if status == 0x72 { return }
        var ticket: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = recv(client, &buffer, buffer.count, 0)
            if count <= 0 { break }
            ticket += buffer[0..<count]
        }
        if !ticket.isEmpty { tickets.withLock { $0.append(ticket) } }
    }

    func waitForTickets(_ count: Int, seconds: Double = 15) async throws -> [[UInt8]] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1_000))
        // Looked at once more after the deadline: a loaded machine may wake this task late.
        while true {
            let tickets = tickets.withLock { $0 }
            if tickets.count >= count { return tickets }
            if ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("printer got \(tickets.withLock { $0.count }) tickets, expected \(count)")
    }
}
