import Foundation
import GRDB
import HummingbirdTesting
import IntelliDineDomain
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("Analytics: today's summary equals SQL over the orders")
struct AnalyticsTests {
    @Test("A generated day across several hours and two restaurants: the summary matches the orders tables exactly")
    func generatedDay() async throws {
        let box = try await TestBox.make()
        let database = box.database
        let other = "22222222-2222-2222-2222-222222222222"
        try await database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO tenants (id, name, timezone, gst_rate_bp, created_at) VALUES (?, 'Other', 'Asia/Kolkata', 500, 'x');
                INSERT INTO tables (id, tenant_id, table_number, name) VALUES ('tbl-001', ?, 1, 'T1');
                UPDATE ingredients SET stock_quantity = 100000000;
                """, arguments: [other, other])
        }
        let zone = TimeZone(identifier: "Asia/Kolkata")!
        let calendar = ServiceCalendar(timeZone: zone)
        // 2025-10-22 in Kolkata, from 11:00 to 22:59 local, seeded so the run repeats.
        var generator = SplitMix(seed: 42)
        let dayStart = ISO8601DateFormatter().date(from: "2025-10-22T05:30:00Z")!  // 11:00 IST
        let items: [(String, String, Int64)] = [("item_001", "Paneer Tikka", 28_000), ("item_003", "Dal Makhani", 25_000), ("item_005", "Garlic Naan", 5_000)]
        var placed: [String] = []
        for index in 0..<120 {
            let instant = dayStart.addingTimeInterval(Double(generator.next() % (12 * 3_600)))
            let tenant = index % 4 == 3 ? other : demoTenant
            let chosen = items[Int(generator.next() % 3)]
            let quantity = Int(generator.next() % 4) + 1
            let discount = BasisPoints(chosen.0 == "item_003" ? 1_500 : 0)
            let priced = OrderPricing.price([PricingLine(menuItemId: chosen.0, unitPrice: Paise(chosen.2), quantity: quantity, discount: discount)], settings: .demo)
            let table = TableRecord(id: tenant == other ? "tbl-001" : "tbl-005", tenantId: tenant, tableNumber: 5, name: "T", capacity: 4, isActive: true)
            let order = NewOrder(
                id: RecordID.make("ord"), tenantId: tenant, customerId: nil, table: table,
                lines: priced.lines.map { NewOrderLine(priced: $0, name: chosen.1, discountReason: nil, specialInstructions: nil, preparationTime: 10) },
                totals: priced.totals, gstRate: .restaurant18, estimatedPreparationTime: 10, placedAt: instant,
                businessDate: calendar.businessDate(of: instant), placedBy: "test")
            if case .created(let detail, _) = try await database.placeOrder(order, idempotency: nil, render: { _ in JSONText() }) {
                placed.append(detail.order.id)
            }
        }
        // Some are cancelled: they do not count.
        let manager = Actor(id: "m", name: "manager1", role: .manager)
        for id in placed.prefix(10) {
            _ = try? await database.changeOrderStatus(tenantId: demoTenant, orderId: id, to: .cancelled, by: manager, notes: "test", at: Date())
        }

        try await box.test { client in
            let token = try await client.loginStaff("manager1")
            let summary = try await client.call(.get, "/api/analytics/summary?date=2025-10-22", token: token)
            #expect(summary.status == .ok, "\(summary.text)")
            let truth = try await database.pool.read { db in
                try Row.fetchOne(db, sql: """
                    SELECT COUNT(*) AS orders, SUM(total_paise) AS revenue, SUM(original_total_paise - total_paise) AS saved
                    FROM orders WHERE tenant_id = ? AND business_date = '2025-10-22' AND status != 'CANCELLED'
                    """, arguments: [demoTenant])!
            }
            #expect(summary["total_orders"] as? Int == truth["orders"] as Int)
            let cancelled = try await database.pool.read {
                try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM orders WHERE tenant_id = ? AND status = 'CANCELLED'", arguments: [demoTenant])!
            }
            #expect(cancelled > 0)
            #expect(summary["cancelled_orders"] as? Int == cancelled)
            #expect(rupees(summary["total_revenue"]) == rupees(NSNumber(value: Double(truth["revenue"] as Int64) / 100)))
            #expect(rupees(summary["discount_savings"]) == rupees(NSNumber(value: Double(truth["saved"] as Int64) / 100)))
            // Hour by hour, in Kolkata time: the same as bucketing the rows by their local hour.
            let rows = try await database.pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT created_at, total_paise FROM orders WHERE tenant_id = ? AND business_date = '2025-10-22' AND status != 'CANCELLED'
                    """, arguments: [demoTenant])
            }
            var byHour: [Int: Int] = [:]
            for row in rows {
                let date = Timestamp.date(row["created_at"])!
                byHour[Calendar.current.dateComponents(in: zone, from: date).hour!, default: 0] += 1
            }
            let hourly = try #require(summary["hourly"] as? [[String: Any]])
            #expect(Dictionary(uniqueKeysWithValues: hourly.map { ($0["hour"] as! Int, $0["orders"] as! Int) }) == byHour)
            #expect(hourly.allSatisfy { (11...22).contains($0["hour"] as! Int) })
            let top = try #require(summary["top_items"] as? [[String: Any]])
            let topTruth = try await database.pool.read { db in
                try String.fetchOne(db, sql: """
                    SELECT i.menu_item_id FROM order_items i JOIN orders o ON o.id = i.order_id
                    WHERE o.tenant_id = ? AND o.business_date = '2025-10-22' AND o.status != 'CANCELLED'
                    GROUP BY i.menu_item_id ORDER BY SUM(i.quantity) DESC, i.menu_item_id LIMIT 1
                    """, arguments: [demoTenant])
            }
            #expect(top.first?["item_id"] as? String == topTruth)
            // The other restaurant's orders are not in this one's summary.
            let otherCount = try await database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM orders WHERE tenant_id = ?", arguments: [other])! }
            #expect(otherCount > 0)
            #expect(try await client.call(.get, "/api/analytics/summary?date=22-10-2025", token: token).status == .unprocessableContent)
        }
    }
}

/// A small seeded generator, so a generated day is the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
