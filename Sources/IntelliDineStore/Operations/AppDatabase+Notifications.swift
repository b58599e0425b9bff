import Foundation
import GRDB

/// What a guest's SMS about an order needs.
public struct NotificationContext: Sendable {
    public var phone: String?
    public var ticketNumber: Int
    public var tableNumber: Int
    public var totalPaise: Int64
    public var estimatedMinutes: Int
    /// The order's lines as quantity and name, in order ("2 Paneer Tikka").
    public var lines: [(quantity: Int, name: String)] = []
}

/// A text handed to the provider, to be recorded so a redelivered event does not send it again.
public struct SentNotification: Sendable {
    public var eventId: String
    public var tenantId: String
    public var phone: String

    public init(eventId: String, tenantId: String, phone: String) {
        self.eventId = eventId
        self.tenantId = tenantId
        self.phone = phone
    }
}

/// What a pass of the SMS consumer reads, in one read: its orders and the texts already sent.
public struct NotificationPass: Sendable {
    /// Each order's context, by order id; orders not found are absent.
    public var orders: [String: NotificationContext]
    /// The pass's events whose text was already sent.
    public var alreadySent: Set<String>
}

/// The SMS consumer reads and writes per pass of events, not per event: during a rush, a write
/// per text took the single writer away from the orders once per order (docs/events.md, "Where events go").
extension AppDatabase {
    /// The orders `orderIds`, with the lines of those in `linesOf` (the ones an "Order received" text
    /// lists), and which of `eventIds` were already texted.
    ///
    /// Each list goes in as one JSON array (`json_each`), so the three statements are the same for
    /// every pass and prepared once per connection. With an `IN (?, ?, …)` list as long as the pass,
    /// each pass prepared three statements of its own: 7.7 % of an order's instructions under
    /// callgrind, as a pass during a rush holds a few orders (BENCHMARKS.md). The list is the outer
    /// loop of a `CROSS JOIN` where no order is asked for: `IN (SELECT …)` copies it into a
    /// temporary table first (docs/architecture.md, "The order path's statements").
    public func notificationPass(orderIds: Set<String>, linesOf: Set<String>, eventIds: [String]) async throws -> NotificationPass {
        guard !eventIds.isEmpty else { return NotificationPass(orders: [:], alreadySent: []) }
        return try await readPrepared { db in
            var orders: [String: NotificationContext] = [:]
            for (id, context) in try db.fetchAllBound("""
                SELECT o.id, c.phone_number, o.ticket_number, o.table_number, o.total_paise, o.estimated_preparation_time
                FROM json_each(?) AS wanted CROSS JOIN orders o ON o.id = wanted.value LEFT JOIN customers c ON c.id = o.customer_id
                """, { $0.add(Self.jsonArray(orderIds)) }, {
                    ($0.text(0), NotificationContext(
                        phone: $0.optionalText(1), ticketNumber: $0.int(2), tableNumber: $0.int(3),
                        totalPaise: Int64($0.int(4)), estimatedMinutes: $0.int(5)))
                }) {
                orders[id] = context
            }
            // The lines from their table, not from decoding each `order.created` payload: that
            // decode was 6 % of the daemon's samples while texts kept up with a rush.
            if !linesOf.isEmpty {
                for (orderId, quantity, name) in try db.fetchAllBound("""
                    SELECT order_id, quantity, name FROM order_items
                    WHERE order_id IN (SELECT value FROM json_each(?)) ORDER BY order_id, position
                    """, { $0.add(Self.jsonArray(linesOf)) }, { ($0.text(0), $0.int(1), $0.text(2)) }) {
                    orders[orderId]?.lines.append((quantity, name))
                }
            }
            let sent = try db.fetchAllBound("""
                SELECT event_id FROM json_each(?) AS wanted CROSS JOIN sent_notifications ON event_id = wanted.value
                """, { $0.add(Self.jsonArray(eventIds)) }, { $0.text(0) })
            return NotificationPass(orders: orders, alreadySent: Set(sent))
        }
    }

    /// Records texts sent, in one transaction: the group commit's (see `groupCommit`).
    public func recordNotificationsSent(_ sent: [SentNotification], at instant: Date = Date()) async throws {
        guard !sent.isEmpty else { return }
        let now = Timestamp.string(instant)
        try await groupCommit.submit { db in
            for text in sent {
                try db.runBound("INSERT OR IGNORE INTO sent_notifications (event_id, tenant_id, phone_number, sent_at) VALUES (?, ?, ?, ?)") {
                    $0.add(text.eventId); $0.add(text.tenantId); $0.add(text.phone); $0.add(now)
                }
            }
        }
    }
}
