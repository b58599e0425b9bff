import GRDB

/// Two indexes that another index already serves, each written on every order:
/// - `orders_by_day (tenant_id, business_date)` is the leading part of the ticket numbers'
///   `UNIQUE (tenant_id, business_date, ticket_number)`, which answers the same look-ups.
/// - `order_items_by_order_station (order_id, station)`: every query that names a station also
///   names the order, and `UNIQUE (order_id, position)` finds an order's few lines.
/// An order wrote each of them once per order or per line (docs/architecture.md, "Storage").
enum M028_RedundantOrderIndexes: Migration {
    static let id = "028_redundant_order_indexes"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX IF EXISTS orders_by_day;
            DROP INDEX IF EXISTS order_items_by_order_station;
            """)
    }
}
