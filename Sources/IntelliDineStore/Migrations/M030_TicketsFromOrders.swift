import GRDB

/// A day's next ticket number is its last order's plus one, read from the ticket numbers' own
/// unique index (`UNIQUE (tenant_id, business_date, ticket_number)`) in the writer's transaction.
/// The counter table beside it cost every order a read and an upsert, and every commit a page.
/// Orders are never deleted and never change their business date, so both give the same numbers.
enum M030_TicketsFromOrders: Migration {
    static let id = "030_tickets_from_orders"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS ticket_counters")
    }
}
