import Foundation
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

/// Sales over a range of days (docs/reports.md) through the real server, against sums the test
/// makes itself from the orders it placed.
@Suite("Sales reports for any period")
struct SalesReportTests {
    @Test("Two days of trade: totals, by day, item, table, method and staff equal the orders; the period before is compared; CSV; bad ranges refused")
    func twoDays() async throws {
        // 2026-11-30 13:00 in Kolkata.
        let clock = MovingClock(Date(timeIntervalSince1970: 1_796_023_800))
        let box = try await TestBox.make(clock: clock.wallClock)
        try await box.test { client in
            var totals: [String: Int64] = [:]
            var waiter = try await client.loginStaff("waiter1")
            var guest = try await client.loginGuest(box)
            func place(_ table: String, _ item: String, _ quantity: Int) async throws -> [String: Any] {
                let placed = try await client.placeOrder(token: guest.token, table: table, items: [["menu_item_id": item, "quantity": quantity]])
                #expect(placed.status == .created, "\(placed.text)")
                return placed.order
            }
            let first = try await place("tbl-001", "item_001", 1)
            #expect(try await client.call(.patch, "/api/payments/\(first["id"] as! String)/cash", token: waiter, json: ["amount_received": 500]).status == .ok)
            let second = try await place("tbl-002", "item_005", 2)
            #expect(try await client.call(.post, "/api/payments/\(second["id"] as! String)/counter", token: waiter, json: ["method": "UPI", "reference": "712345678901"]).status == .ok)
            totals["2026-11-30"] = paise(first["total"]) + paise(second["total"])
            clock.advance(days: 1)
            waiter = try await client.loginStaff("waiter1")
            guest = try await client.loginGuest(box)
            let third = try await place("tbl-001", "item_001", 2)
            let gone = try await place("tbl-003", "item_005", 1)
            #expect(try await client.call(.patch, "/api/orders/\(gone["id"] as! String)/status", token: waiter, json: ["status": "CANCELLED", "notes": "Wrong table"]).status == .ok)
            totals["2026-12-01"] = paise(third["total"])

            let manager = try await client.loginStaff("manager1")
            let answer = try await client.call(.get, "/api/reports/sales?from=2026-11-30&to=2026-12-01", token: manager)
            #expect(answer.status == .ok, "\(answer.text)")
            let report = try #require(answer["report"] as? [String: Any])
            let summary = try #require(report["totals"] as? [String: Any])
            #expect(summary["orders"] as? Int == 3 && summary["cancelled"] as? Int == 1)
            #expect(paise(summary["sales"]) == totals.values.reduce(0, +))
            #expect(paise(summary["average_ticket"]) == (totals.values.reduce(0, +) * 2 + 3) / 6)
            let days = try #require(report["by_day"] as? [[String: Any]])
            #expect(days.map { $0["key"] as? String } == ["2026-11-30", "2026-12-01"])
            #expect(days.map { paise($0["sales"]) } == [totals["2026-11-30"]!, totals["2026-12-01"]!])
            let items = try #require(report["by_item"] as? [[String: Any]])
            #expect(items.first { $0["key"] as? String == "Paneer Tikka" }?["quantity"] as? Int == 3)
            #expect((report["by_table"] as? [[String: Any]])?.map { $0["key"] as? String } == ["Table 1", "Table 2"])
            let methods = try #require(report["by_method"] as? [[String: Any]])
            #expect(methods.map { $0["key"] as? String } == ["CASH", "UPI"])
            #expect(paise(methods[0]["sales"]) == paise(first["total"]) && paise(methods[1]["sales"]) == paise(second["total"]))
            #expect((report["by_staff"] as? [[String: Any]])?.map { $0["key"] as? String } == ["waiter1"])
            #expect((report["by_hour"] as? [[String: Any]])?.map { $0["key"] as? String } == ["13"])
            // The two days before had no trade: nothing to compare with.
            #expect(answer["previous_from"] as? String == "2026-11-28" && answer["previous_to"] as? String == "2026-11-29")
            #expect((answer["change"] as? [String: Any])?["sales_percent"] == nil)
            // The second day alone, compared with the first.
            let second_day = try await client.call(.get, "/api/reports/sales?from=2026-12-01&to=2026-12-01", token: manager)
            let expected = (totals["2026-12-01"]! - totals["2026-11-30"]!) * 1_000 / totals["2026-11-30"]!
            #expect(dec((second_day["change"] as? [String: Any])?["sales_percent"]) == Decimal(expected) / 10, "\(second_day.text)")

            let csv = try await client.execute(uri: "/api/reports/sales?from=2026-11-30&to=2026-12-01&format=csv&table=day", method: .get,
                                               headers: [.authorization: "Bearer \(manager)"])
            #expect(String(buffer: csv.body).split(separator: "\r\n").first == "day,orders,quantity,sales")
            for (query, words) in [("from=2026-12-02&to=2026-12-01", "before its start"), ("from=2025-01-01&to=2026-12-01", "at most 366"),
                                   ("from=2026-02-30&to=2026-03-01", "not a date"),
                                   // Arabic-Indic digits match `\d` but are not ASCII: refused, not a crash.
                                   ("from=%D9%A2%D9%A0%D9%A2%D9%A6-01-01&to=2026-01-02", "not a date"), ("from=2026-11-30&to=2026-12-01&format=csv&table=x", "table must be")] {
                let refused = try await client.call(.get, "/api/reports/sales?\(query)", token: manager)
                #expect(refused.status == .unprocessableContent && (refused.error?["message"] as? String)?.contains(words) == true, "\(query): \(refused.text)")
            }
            #expect(try await client.call(.get, "/api/reports/sales", token: waiter).status == .forbidden)
        }
    }

    func paise(_ value: Any?) -> Int64 { Int64(truncating: ((value as? NSNumber).map { Decimal(string: $0.stringValue)! * 100 } ?? 0) as NSDecimalNumber) }
    func dec(_ value: Any?) -> Decimal { (value as? NSNumber).map { Decimal(string: $0.stringValue) ?? 0 } ?? 0 }
}
