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

/// The SMS consumer reads and writes per batch of events, not per event: during a rush, a write
/// per text took the single writer away from the orders once per order (docs/events.md, "Where events go").
extension AppDatabase {
    /// Each order's context, by order id; orders not found are absent.
    public func notificationContexts(orderIds: [String]) async throws -> [String: NotificationContext] {
        guard !orderIds.isEmpty else { return [:] }
        return try await pool.read { db in
            var contexts: [String: NotificationContext] = [:]
            // In slices, below SQLite's bound on a statement's parameters.
            for slice in orderIds.chunked(into: 500) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT o.id, c.phone_number, o.ticket_number, o.table_number, o.total_paise, o.estimated_preparation_time
                    FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.id IN (\(databaseQuestionMarks(count: slice.count)))
                    """, arguments: StatementArguments(slice))
                for row in rows {
                    contexts[row["id"]] = NotificationContext(
                        phone: row["phone_number"], ticketNumber: row["ticket_number"], tableNumber: row["table_number"],
                        totalPaise: row["total_paise"], estimatedMinutes: row["estimated_preparation_time"])
                }
                // The lines from their table, not from decoding each `order.created` payload: that
                // decode was 6 % of the daemon's samples while texts kept up with a rush.
                for row in try Row.fetchAll(db, sql: """
                    SELECT order_id, quantity, name FROM order_items
                    WHERE order_id IN (\(databaseQuestionMarks(count: slice.count))) ORDER BY order_id, position
                    """, arguments: StatementArguments(slice)) {
                    contexts[row["order_id"]]?.lines.append((row["quantity"], row["name"]))
                }
            }
            return contexts
        }
    }

    /// Which of these events already had their text sent.
    public func sentNotifications(among eventIds: [String]) async throws -> Set<String> {
        guard !eventIds.isEmpty else { return [] }
        return try await pool.read { db in
            var sent: Set<String> = []
            for slice in eventIds.chunked(into: 500) {
                sent.formUnion(try String.fetchAll(
                    db, sql: "SELECT event_id FROM sent_notifications WHERE event_id IN (\(databaseQuestionMarks(count: slice.count)))",
                    arguments: StatementArguments(slice)))
            }
            return sent
        }
    }

    /// Records texts sent, in one transaction.
    public func recordNotificationsSent(_ sent: [SentNotification], at instant: Date = Date()) async throws {
        guard !sent.isEmpty else { return }
        let now = Timestamp.string(instant)
        try await pool.write { db in
            let insert = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO sent_notifications (event_id, tenant_id, phone_number, sent_at) VALUES (?, ?, ?, ?)")
            for text in sent { try insert.execute(arguments: [text.eventId, text.tenantId, text.phone, now]) }
        }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
