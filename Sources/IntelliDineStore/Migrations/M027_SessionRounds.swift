import GRDB

/// A table session counts its orders as they are placed: an order's round was the count of the
/// session's orders so far, and counting them read the session's whole index range on every order.
enum M027_SessionRounds: Migration {
    static let id = "027_session_rounds"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE table_sessions ADD COLUMN orders_placed INTEGER NOT NULL DEFAULT 0;
            UPDATE table_sessions SET orders_placed = (SELECT COUNT(*) FROM orders WHERE orders.table_session_id = table_sessions.id);
            """)
    }
}
