import Foundation
import GRDB
import IntelliDineDomain

/// Sales over a range of business days (docs/reports.md), straight from orders and payments:
/// by day, hour, item, category, table, staff member and payment method, with the average ticket,
/// discounts by source and cancellations.
public struct SalesReport: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        /// The day, the hour ("19"), the item, category or table name, the staff member or the method.
        public var key: String
        public var orders: Int
        public var quantity: Int?
        public var sales: Paise
    }

    public struct Totals: Codable, Sendable, Equatable {
        public var orders: Int
        public var sales: Paise
        public var average_ticket: Paise
        public var discounts_by_rules: Paise
        public var discounts_by_model: Paise
        public var cancelled: Int
        public var gst: Paise
    }

    public var from: String
    public var to: String
    public var totals: Totals
    public var by_day: [Row]
    public var by_hour: [Row]
    public var by_item: [Row]
    public var by_category: [Row]
    public var by_table: [Row]
    /// Money collected by each staff member (who recorded the payment; "online" for Razorpay).
    public var by_staff: [Row]
    public var by_method: [Row]
}

extension AppDatabase {
    /// The report for business days `from`...`to` (inclusive), hours in `calendar`'s zone.
    public func salesReport(tenantId: String, from: String, to: String, calendar: ServiceCalendar) async throws -> SalesReport {
        try await pool.read { db in try Self.salesReport(db, tenantId: tenantId, from: from, to: to, calendar: calendar) }
    }

    /// Only the totals, for the comparison with the period before.
    public func salesTotals(tenantId: String, from: String, to: String) async throws -> SalesReport.Totals {
        try await pool.read { db in try Self.totals(db, tenantId: tenantId, from: from, to: to) }
    }

    static func totals(_ db: Database, tenantId: String, from: String, to: String) throws -> SalesReport.Totals {
        let row = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS orders, COALESCE(SUM(total_paise), 0) AS sales, COALESCE(SUM(cgst_paise + sgst_paise), 0) AS gst FROM orders
            WHERE tenant_id = ? AND business_date BETWEEN ? AND ? AND status != 'CANCELLED'
            """, arguments: [tenantId, from, to])!
        let orders: Int = row["orders"]
        let sales: Int64 = row["sales"]
        let given = try discountsGiven(db, tenantId: tenantId, from: from, to: to)
        let cancelled = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM orders WHERE tenant_id = ? AND business_date BETWEEN ? AND ? AND status = 'CANCELLED'
            """, arguments: [tenantId, from, to])!
        return SalesReport.Totals(
            orders: orders, sales: Paise(sales),
            // Rounded half up to the paisa.
            average_ticket: Paise(orders == 0 ? 0 : (sales * 2 + Int64(orders)) / (2 * Int64(orders))),
            discounts_by_rules: given.rules, discounts_by_model: given.model, cancelled: cancelled, gst: Paise(row["gst"]))
    }

    static func salesReport(_ db: Database, tenantId: String, from: String, to: String, calendar: ServiceCalendar) throws -> SalesReport {
        let arguments: StatementArguments = [tenantId, from, to]
        func rows(_ sql: String, quantity: Bool = false) throws -> [SalesReport.Row] {
            try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                SalesReport.Row(key: $0["key"], orders: $0["orders"], quantity: quantity ? $0["quantity"] : nil, sales: Paise($0["sales"]))
            }
        }
        let live = "o.tenant_id = ? AND o.business_date BETWEEN ? AND ? AND o.status != 'CANCELLED'"
        // Orders summed by UTC quarter-hour in SQL, then each quarter put in its local hour: exact for
        // every zone whose offset is whole quarter-hours (all of them), without a row per order in Swift.
        var hours: [Int: (Int, Int64)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT substr(o.created_at, 1, 14) || printf('%02d', CAST(substr(o.created_at, 15, 2) AS INTEGER) / 15 * 15) AS quarter,
              COUNT(*) AS orders, SUM(o.total_paise) AS sales
            FROM orders o WHERE \(live) GROUP BY quarter
            """, arguments: arguments) {
            guard let instant = Timestamp.date((row["quarter"] as String) + ":00.000Z") else { continue }
            let hour = calendar.features(at: instant).hour
            let sum = hours[hour] ?? (0, 0)
            hours[hour] = (sum.0 + row["orders"], sum.1 + row["sales"])
        }
        return SalesReport(
            from: from, to: to, totals: try totals(db, tenantId: tenantId, from: from, to: to),
            by_day: try rows("""
                SELECT o.business_date AS key, COUNT(*) AS orders, SUM(o.total_paise) AS sales FROM orders o WHERE \(live)
                GROUP BY o.business_date ORDER BY o.business_date
                """),
            by_hour: hours.keys.sorted().map { SalesReport.Row(key: String(format: "%02d", $0), orders: hours[$0]!.0, quantity: nil, sales: Paise(hours[$0]!.1)) },
            // Lines at their own amounts (before GST when prices are before tax).
            by_item: try rows("""
                SELECT MIN(i.name) AS key, COUNT(DISTINCT o.id) AS orders, SUM(i.quantity) AS quantity, SUM(i.subtotal_paise) AS sales
                FROM order_items i JOIN orders o ON o.id = i.order_id WHERE \(live)
                GROUP BY i.menu_item_id ORDER BY sales DESC, key
                """, quantity: true),
            by_category: try rows("""
                SELECT COALESCE(c.name, i.station) AS key, COUNT(DISTINCT o.id) AS orders, SUM(i.quantity) AS quantity, SUM(i.subtotal_paise) AS sales
                FROM order_items i JOIN orders o ON o.id = i.order_id
                LEFT JOIN categories c ON c.tenant_id = o.tenant_id AND c.id = i.station WHERE \(live)
                GROUP BY key ORDER BY sales DESC, key
                """, quantity: true),
            by_table: try rows("""
                SELECT 'Table ' || o.table_number AS key, COUNT(*) AS orders, SUM(o.total_paise) AS sales FROM orders o WHERE \(live)
                GROUP BY o.table_number ORDER BY o.table_number
                """),
            by_staff: try rows("""
                SELECT CASE WHEN p.payment_method = 'RAZORPAY' THEN 'online' ELSE p.recorded_by END AS key,
                  COUNT(DISTINCT p.order_id) AS orders, SUM(p.amount_paise) AS sales
                FROM payments p WHERE p.tenant_id = ? AND p.business_date BETWEEN ? AND ? AND p.status = 'COMPLETED'
                GROUP BY key ORDER BY sales DESC, key
                """),
            by_method: try rows("""
                SELECT p.payment_method AS key, COUNT(DISTINCT p.order_id) AS orders, SUM(p.amount_paise) AS sales
                FROM payments p WHERE p.tenant_id = ? AND p.business_date BETWEEN ? AND ? AND p.status = 'COMPLETED'
                GROUP BY key ORDER BY key
                """))
    }
}
