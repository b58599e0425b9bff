import Crypto
import Foundation
import Synchronization

/// Short-lived, single-use tickets that open a live stream. Browsers cannot set headers on a
/// WebSocket, and a long-lived JWT in a URL ends up in logs and histories; so a client trades its
/// bearer token for a ticket (`POST /api/stream/tickets`) and opens `/api/stream?ticket=` with it
/// within `lifetime`. A ticket works once.
final class StreamTickets: Sendable {
    private struct Issued {
        var identity: Identity
        var expires: ContinuousClock.Instant
    }

    let lifetime: Duration
    private let issued = Mutex<[String: Issued]>([:])

    init(lifetime: Duration = .seconds(30)) { self.lifetime = lifetime }

    func issue(for identity: Identity) -> String {
        let ticket = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }.hexEncoded
        let now = ContinuousClock.now
        issued.withLock { tickets in
            // Tickets nobody used are dropped as new ones are issued: the table stays small.
            tickets = tickets.filter { $0.value.expires > now }
            tickets[ticket] = Issued(identity: identity, expires: now + lifetime)
        }
        return ticket
    }

    /// The identity a ticket was issued to, once; nil when it is unknown, used or expired.
    func redeem(_ ticket: String) -> Identity? {
        guard let entry = issued.withLock({ $0.removeValue(forKey: ticket) }) else { return nil }
        return entry.expires > ContinuousClock.now ? entry.identity : nil
    }
}
