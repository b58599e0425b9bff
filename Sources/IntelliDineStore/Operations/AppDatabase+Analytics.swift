import Foundation
import GRDB
import IntelliDineDomain

/// One business day's facts, straight from the orders tables (no second copy to drift).
public struct DayFacts: Sendable {
    public struct Order: Sendable {
        public var createdAt: Date
        public var totalPaise: Int64
        public var originalTotalPaise: Int64
        public var serviceChargePaise: Int64
        public var roundOffPaise: Int64
        /// GST at each rate, as the order was placed.
        public var taxes: [TaxLine]
    }

    public struct Item: Sendable {
        public var menuItemId: String
        public var name: String
        public var quantity: Int
        public var revenuePaise: Int64
    }

    /// Orders placed that day and not cancelled.
    public var orders: [Order]
    public var items: [Item]
    public var collectedPaise: Int64
    public var cancelled: Int
    /// Line discounts given before tax, by what gave them: the manager's rules and the demand model.
    public var ruleDiscountPaise: Int64
    public var modelDiscountPaise: Int64
}

extension AppDatabase {
    /// The day's orders, items and payments for one restaurant. Measured against a consumer-kept
    /// counter table: a day is a few thousand rows on an index, read in milliseconds (BENCHMARKS.md),
    /// and reading the truth means the summary can never disagree with it.
    public func dayFacts(tenantId: String, businessDate: String) async throws -> DayFacts {
        try await pool.read { db in
            let orders = try Row.fetchAll(db, sql: """
                SELECT created_at, total_paise, original_total_paise, service_charge_paise, round_off_paise, tax_lines FROM orders
                WHERE tenant_id = ? AND business_date = ? AND status != 'CANCELLED'
                """, arguments: [tenantId, businessDate]).map {
                DayFacts.Order(
                    createdAt: Timestamp.date($0["created_at"]) ?? .distantPast, totalPaise: $0["total_paise"],
                    originalTotalPaise: $0["original_total_paise"], serviceChargePaise: $0["service_charge_paise"],
                    roundOffPaise: $0["round_off_paise"], taxes: TaxLinesJSON.decode($0["tax_lines"]))
            }
            let items = try Row.fetchAll(db, sql: """
                SELECT i.menu_item_id, MIN(i.name) AS name, SUM(i.quantity) AS quantity, SUM(i.subtotal_paise) AS revenue
                FROM order_items i JOIN orders o ON o.id = i.order_id
                WHERE o.tenant_id = ? AND o.business_date = ? AND o.status != 'CANCELLED'
                GROUP BY i.menu_item_id ORDER BY quantity DESC, i.menu_item_id
                """, arguments: [tenantId, businessDate]).map {
                DayFacts.Item(menuItemId: $0["menu_item_id"], name: $0["name"], quantity: $0["quantity"], revenuePaise: $0["revenue"])
            }
            let collected = try Int64.fetchOne(db, sql: """
                SELECT COALESCE(SUM(p.amount_paise), 0) FROM payments p JOIN orders o ON o.id = p.order_id
                WHERE o.tenant_id = ? AND o.business_date = ? AND p.status = 'COMPLETED'
                """, arguments: [tenantId, businessDate])!
            let cancelled = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM orders WHERE tenant_id = ? AND business_date = ? AND status = 'CANCELLED'
                """, arguments: [tenantId, businessDate])!
            let given = try Self.discountsGiven(db, tenantId: tenantId, from: businessDate, to: businessDate)
            return DayFacts(
                orders: orders, items: items, collectedPaise: collected, cancelled: cancelled, ruleDiscountPaise: given.rules.value,
                modelDiscountPaise: given.model.value)
        }
    }

    /// Line discounts given before tax over business days `from`...`to`, by what gave them: the
    /// manager's rules (`rule:<id>`) and the demand model (`model:<version>`). The day's summary,
    /// the day report and the period report all count them here.
    static func discountsGiven(_ db: Database, tenantId: String, from: String, to: String) throws -> (rules: Paise, model: Paise) {
        let bySource = try Row.fetchAll(db, sql: """
            SELECT substr(i.discount_source, 1, instr(i.discount_source, ':') - 1) AS source,
              SUM((i.unit_price_paise - i.discounted_unit_price_paise) * i.quantity) AS given
            FROM order_items i JOIN orders o ON o.id = i.order_id
            WHERE o.tenant_id = ? AND o.business_date BETWEEN ? AND ? AND o.status != 'CANCELLED' AND i.discount_source IS NOT NULL
            GROUP BY source
            """, arguments: [tenantId, from, to])
        func given(_ source: String) -> Paise { Paise(bySource.first { $0["source"] == source }?["given"] ?? 0) }
        return (given("rule"), given("model"))
    }
}
