import Foundation
import GRDB

/// What a guest's SMS about an order needs.
public struct NotificationContext: Sendable {
    public var phone: String?
    public var ticketNumber: Int
    public var tableNumber: Int
    public var totalPaise: Int64
    public var estimatedMinutes: Int
}

/// The SMS consumer runs these once or twice per order: prepared once per connection, as the order
/// path's statements are (their parsing was 0.3 % of the daemon's samples under a load of orders).
extension AppDatabase {
    public func notificationContext(orderId: String) async throws -> NotificationContext? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT c.phone_number, o.ticket_number, o.table_number, o.total_paise, o.estimated_preparation_time
                FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.id = ?
                """), arguments: [orderId]).map {
                NotificationContext(
                    phone: $0["phone_number"], ticketNumber: $0["ticket_number"], tableNumber: $0["table_number"],
                    totalPaise: $0["total_paise"], estimatedMinutes: $0["estimated_preparation_time"])
            }
        }
    }

    public func notificationSent(eventId: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM sent_notifications WHERE event_id = ?"), arguments: [eventId]) ?? false
        }
    }

    public func recordNotificationSent(eventId: String, tenantId: String, phone: String, at instant: Date = Date()) async throws {
        try await pool.write { db in
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO sent_notifications (event_id, tenant_id, phone_number, sent_at) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [eventId, tenantId, phone, Timestamp.string(instant)])
        }
    }
}
