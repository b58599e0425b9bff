import Foundation
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

/// Closing the day through the real server (docs/day-close.md), on a clock the test moves.
@Suite("Day close: the X report, the cash count and variance, open bills, a frozen Z and late payments")
struct DayCloseTests {
    @Test("A day with cash, UPI, a cancellation, petty cash and an open bill: refused until the bill is carried over, closed by denomination with X equal to Z, frozen; a late payment and late orders (tickets from 1) land in the next day")
    func closeADay() async throws {
        // 2026-12-02 19:30 in Kolkata.
        let clock = MovingClock(Date(timeIntervalSince1970: 1_796_220_000))
        let box = try await TestBox.make(clock: clock.wallClock)
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let guest = try await client.loginGuest(box)
            func order(_ table: String, _ item: String, _ quantity: Int) async throws -> [String: Any] {
                let placed = try await client.placeOrder(token: guest.token, table: table, items: [["menu_item_id": item, "quantity": quantity]])
                #expect(placed.status == .created, "\(placed.text)")
                return placed.order
            }
            let cash = try await order("tbl-001", "item_005", 1)          // ₹59 in cash
            #expect(try await client.call(.patch, "/api/payments/\(cash["id"] as! String)/cash", token: manager, json: ["amount_received": 100]).status == .ok)
            let upi = try await order("tbl-002", "item_005", 2)           // ₹118 by UPI
            #expect(try await client.call(.post, "/api/payments/\(upi["id"] as! String)/counter", token: manager,
                                          json: ["method": "UPI", "reference": "612345678901"]).status == .ok)
            let cancelled = try await order("tbl-004", "item_001", 1)
            #expect(try await client.call(.patch, "/api/orders/\(cancelled["id"] as! String)/status", token: manager,
                                          json: ["status": "CANCELLED", "notes": "Guest left before it was cooked"]).status == .ok)
            let open = try await order("tbl-003", "item_005", 1)          // still owing at closing time
            #expect(try await client.call(.post, "/api/day/cash-movements", token: manager,
                                          json: ["direction": "OUT", "amount": 200, "reason": "Milk from the corner shop"]).status == .created)
            #expect(try await client.call(.post, "/api/day/cash-movements", token: manager,
                                          json: ["direction": "IN", "amount": 500, "reason": ""]).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/day/cash-movements", token: manager,
                                          json: ["direction": "IN", "amount": 500, "reason": "Float topped up"]).status == .created)

            let x = try await client.call(.get, "/api/day", token: manager)
            #expect(x["kind"] as? String == "X", "\(x.text)")
            let report = try #require(x["report"] as? [String: Any])
            #expect(report["business_date"] as? String == "2026-12-02")
            #expect((report["payments_by_method"] as? [String: Any]).map { $0.mapValues { rupees($0) } } == ["CASH": "59.0", "UPI": "118.0"])
            #expect(rupees(report["cash_out"]) == "200.0" && rupees(report["cash_in"]) == "500.0")
            #expect((report["cancellations"] as? [[String: Any]])?.first?["reason"] as? String == "Guest left before it was cooked")
            #expect((report["open_bills"] as? [[String: Any]])?.map { $0["table_number"] as? Int } == [3])
            #expect(report["orders"] as? Int == 3 && rupees(report["sales"]) == "236.0")

            // Refusals: nothing is closed by any of them.
            let bad: [([String: Any], String)] = [
                (["denominations": ["3": 1]], "not an Indian note"), (["denominations": ["500": -1]], "cannot be negative"),
                (["counted_cash": 100, "denominations": ["500": 1]], "not both"), (["counted_cash": -5], "negative"),
                (["date": "2026-12-05", "counted_cash": 0], "has not begun"),
            ]
            for (body, words) in bad {
                let refused = try await client.call(.post, "/api/day/close", token: manager, json: body)
                #expect(refused.status == .unprocessableContent, "\(body): \(refused.text)")
                #expect((refused.error?["message"] as? String)?.contains(words) == true, "\(refused.text)")
            }
            let openBills = try await client.call(.post, "/api/day/close", token: manager, json: ["opening_float": 1000, "counted_cash": 1359])
            #expect(openBills.errorCode == "OPEN_BILLS" && (openBills.error?["message"] as? String)?.contains("table 3 owes ₹59.00") == true, "\(openBills.text)")
            let sessionId = try #require(open["table_session_id"] as? String)
            let short = try await client.call(.post, "/api/day/close", token: manager,
                                              json: ["opening_float": 1000, "counted_cash": 1300, "carry_over": [sessionId]])
            #expect(short.errorCode == "VARIANCE_NEEDS_REASON" && (short.error?["message"] as? String)?.contains("short by ₹59.00") == true, "\(short.text)")

            // Counted by note and coin: ₹1,000 + ₹59 + ₹500 − ₹200 = ₹1,359 expected, and found.
            let closed = try await client.call(.post, "/api/day/close", token: manager, json: [
                "opening_float": 1000, "carry_over": [sessionId],
                "denominations": ["500": 2, "200": 1, "100": 1, "50": 1, "5": 1, "2": 2],
            ])
            #expect(closed.status == .created, "\(closed.text)")
            #expect(closed["kind"] as? String == "Z")
            let close = try #require(closed["close"] as? [String: Any])
            #expect(close["number"] as? Int == 1 && rupees(close["expected_cash"]) == "1359.0" && rupees(close["variance"]) == "0.0")
            #expect((close["denominations"] as? [String: Int])?["500"] == 2)
            // X at the moment of closing is the Z.
            #expect(NSDictionary(dictionary: try #require(closed["report"] as? [String: Any])).isEqual(to: report))
            #expect(try await client.call(.post, "/api/day/close", token: manager, json: ["counted_cash": 1359]).errorCode == "DAY_ALREADY_CLOSED")

            // The carried-over bill is paid late that night: it belongs to the next day, and the closed one does not move.
            #expect(try await client.call(.patch, "/api/payments/\(open["id"] as! String)/cash", token: manager, json: ["amount_received": 59]).status == .ok)
            let after = try await client.call(.get, "/api/day?date=2026-12-02", token: manager)
            #expect(after["kind"] as? String == "Z")
            #expect(NSDictionary(dictionary: try #require(after["report"] as? [String: Any])).isEqual(to: report))
            // Orders placed late that night belong to the next day too, whose tickets start again at 1.
            for expected in 1...2 {
                let late = try await client.placeSeedOrder(token: manager)
                #expect(late.status == .created && late.order["ticket_number"] as? Int == expected)
                let id = try #require(late.order["id"] as? String)
                let day = try await box.database.pool.read { try String.fetchOne($0, sql: "SELECT business_date FROM orders WHERE id = ?", arguments: [id]) }
                #expect(day == "2026-12-03")
            }
            #expect(NSDictionary(dictionary: try #require(try await client.call(.get, "/api/day?date=2026-12-02", token: manager)["report"] as? [String: Any])).isEqual(to: report))
            clock.advance(days: 1)
            let manager2 = try await client.loginStaff("manager1")
            let next = try await client.call(.get, "/api/day", token: manager2)
            #expect(next["kind"] as? String == "X")
            #expect(((next["report"] as? [String: Any])?["payments_by_method"] as? [String: Any]).map { $0.mapValues { rupees($0) } } == ["CASH": "59.0"])
            // The close went to the log for the cloud.
            let closes = try await client.call(.get, "/api/day/closes", token: manager2)
            #expect((closes["closes"] as? [[String: Any]])?.map { $0["business_date"] as? String } == ["2026-12-02"])
            let events = try await box.database.pool.read { db in try String.fetchAll(db, sql: "SELECT payload FROM events WHERE type = 'day.closed'") }
            #expect(events.count == 1 && events[0].contains("\"number\":1"))
        }
    }
}
