import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import IntelliDineDomain
import IntelliDineServer
import IntelliDineStore
import Testing

extension TestClientProtocol {
    func order(_ token: String, table: String = "tbl-005", _ items: [(String, Int)]) async throws -> JSONResponse {
        try await call(
            .post, "/api/orders?tenant_id=\(demoTenant)", token: token,
            json: ["table_id": table, "items": items.map { ["menu_item_id": $0.0, "quantity": $0.1] }])
    }
}

@Suite("Table sessions: one shared bill per table, split and paid in parts")
struct TableSessionTests {
    @Test("Three guests, two rounds each, one bill with every line; another table sees none of it; moving and merging keep every order on the right bill")
    func sharedBill() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guests = [
                try await client.loginGuest(box, phone: "9876500001"), try await client.loginGuest(box, phone: "9876500002"),
                try await client.loginGuest(box, phone: "9876500003"),
            ]
            // A free table: nothing to join yet. The first order opens the session.
            let before = try await client.call(.post, "/api/tables/tbl-005/session/join?tenant_id=\(demoTenant)", token: guests[0].token)
            #expect(before.status == .ok)
            #expect(before["session"] is NSNull)
            var placed: [String] = []
            for round in 0..<2 {
                for guest in guests {
                    let answer = try await client.order(guest.token, [("item_005", round + 1), ("item_001", 1)])
                    #expect(answer.status == .created, "\(answer.text)")
                    placed.append(try #require(answer.order["id"] as? String))
                }
            }
            let first = try await client.call(.post, "/api/tables/tbl-005/session/join?tenant_id=\(demoTenant)", token: guests[1].token)
            let session = try #require(first["session"] as? [String: Any])
            let sessionId = try #require(session["id"] as? String)
            let orders = try #require(session["orders"] as? [[String: Any]])
            #expect(orders.map { $0["id"] as? String } == placed)
            #expect(orders.map { $0["round"] as? Int } == [1, 2, 3, 4, 5, 6])
            #expect((session["lines"] as? [[String: Any]])?.count == 12)
            #expect(session["guests"] as? Int == 3)
            let totals = orders.map { rupees($0["total"]) }
            #expect(totals.count == 6)
            let sum = orders.reduce(Decimal(0)) { $0 + Decimal(string: rupees($1["total"]) ?? "")! }
            #expect(Decimal(string: rupees(session["total"]) ?? "")! == sum)
            #expect(rupees(session["due"]) == rupees(session["total"]))
            // Every guest of the table sees the same bill.
            for guest in guests {
                let seen = try await client.call(.get, "/api/sessions/\(sessionId)?tenant_id=\(demoTenant)", token: guest.token)
                #expect(seen.status == .ok)
                #expect(((seen["session"] as? [String: Any])?["orders"] as? [[String: Any]])?.count == 6)
            }
            // The kitchen still gets six tickets, each with its table and round.
            let kitchen = try await client.loginStaff("kitchen_staff1")
            let board = try await client.call(.get, "/api/orders?status=PENDING", token: kitchen)
            let tickets = try #require(board["orders"] as? [[String: Any]]).filter { placed.contains($0["id"] as? String ?? "") }
            #expect(tickets.count == 6)
            #expect(Set(tickets.compactMap { $0["round"] as? Int }) == [1, 2, 3, 4, 5, 6])

            // A guest at table 7 has a bill of their own and cannot read table 5's.
            let stranger = try await client.loginGuest(box, phone: "9876500004")
            #expect(try await client.order(stranger.token, table: "tbl-007", [("item_003", 1)]).status == .created)
            let refused = try await client.call(.get, "/api/sessions/\(sessionId)?tenant_id=\(demoTenant)", token: stranger.token)
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "NOT_AT_THIS_TABLE")
            let own = try await client.call(.post, "/api/tables/tbl-007/session/join?tenant_id=\(demoTenant)", token: stranger.token)
            let ownSession = try #require(own["session"] as? [String: Any])
            let otherId = try #require(ownSession["id"] as? String)
            #expect((ownSession["orders"] as? [[String: Any]])?.count == 1)

            // Moving table 5's party to table 8 keeps its bill and relabels its orders.
            let waiter = try await client.loginStaff("waiter1")
            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/move", token: waiter, json: ["table_id": "tbl-007"]).errorCode == "TABLE_OCCUPIED")
            let moved = try await client.call(.post, "/api/sessions/\(sessionId)/move", token: waiter, json: ["table_id": "tbl-008"])
            #expect(moved.status == .ok, "\(moved.text)")
            let movedSession = try #require(moved["session"] as? [String: Any])
            #expect(movedSession["table_number"] as? Int == 8)
            #expect((movedSession["orders"] as? [[String: Any]])?.allSatisfy { $0["table_number"] as? Int == 8 } == true)
            // Table 5 is free again: a new guest there starts a new bill.
            #expect(try await client.call(.post, "/api/tables/tbl-005/session/join?tenant_id=\(demoTenant)", token: stranger.token)["session"] is NSNull)

            // Merging table 7 into table 8: one bill with all seven orders, at table 8.
            let merged = try await client.call(.post, "/api/sessions/\(sessionId)/merge", token: waiter, json: ["from_session_id": otherId])
            #expect(merged.status == .ok, "\(merged.text)")
            let mergedSession = try #require(merged["session"] as? [String: Any])
            #expect((mergedSession["orders"] as? [[String: Any]])?.count == 7)
            #expect(mergedSession["guests"] as? Int == 4)
            #expect((mergedSession["orders"] as? [[String: Any]])?.allSatisfy { $0["table_number"] as? Int == 8 } == true)
            // The table-7 guest now reads the merged bill; the open tables list shows one session.
            #expect(try await client.call(.get, "/api/sessions/\(sessionId)?tenant_id=\(demoTenant)", token: stranger.token).status == .ok)
            let open = try await client.call(.get, "/api/sessions", token: waiter)
            #expect((open["sessions"] as? [[String: Any]])?.map { $0["id"] as? String } == [sessionId])
            // The merged bill counts both tables' orders: the next one is its eighth round.
            let eighth = try await client.placeOrder(token: waiter, table: "tbl-008", items: [["menu_item_id": "item_006", "quantity": 1]])
            #expect(eighth.order["table_session_id"] as? String == sessionId)
            #expect(eighth.order["round"] as? Int == 8)
            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/merge", token: stranger.token, json: ["from_session_id": otherId]).status == .forbidden)
        }
    }

    @Test("₹1,000.01 split three ways sums back exactly; by items; one part cash and one online; the table frees only when every part is paid")
    func splitAndPay() async throws {
        let setup = try await RazorpaySetup.make()
        defer { setup.server?.cancel() }
        let box = setup.box
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let waiter = try await client.loginStaff("waiter1")
            // ₹847.47 + 9 % CGST (₹76.27) + 9 % SGST (₹76.27) = ₹1,000.01.
            #expect(try await client.call(.patch, "/api/menu/items/item_004", token: manager, json: ["price": 847.47]).status == .ok)
            let guest = try await client.loginGuest(box)
            let placed = try await client.order(guest.token, [("item_004", 1)])
            #expect(rupees(placed.order["total"]) == "1000.01", "\(placed.text)")
            let sessionId = try #require(placed.order["table_session_id"] as? String)

            let equal = try await client.call(.post, "/api/sessions/\(sessionId)/split", token: guest.token, json: ["mode": "equal", "parts": 3])
            #expect(equal.status == .ok, "\(equal.text)")
            let parts = try #require((equal["session"] as? [String: Any])?["parts"] as? [[String: Any]])
            #expect(parts.map { rupees($0["amount"]) } == ["333.34", "333.34", "333.33"])
            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/split", token: guest.token, json: ["mode": "equal", "parts": 21]).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/split", token: guest.token, json: ["mode": "amounts", "amounts": [500, 500]]).status == .unprocessableContent)

            // A second round, then split by items: each line's share, tax included, and the parts add up to the bill.
            let second = try await client.order(guest.token, [("item_005", 2), ("item_001", 1)])
            #expect(second.status == .created)
            let bill = try #require(try await client.call(.get, "/api/sessions/\(sessionId)?tenant_id=\(demoTenant)", token: waiter)["session"] as? [String: Any])
            // The split bill gained a part for the new round, so nothing goes unpaid.
            let added = (bill["parts"] as? [[String: Any]])?.last
            #expect((bill["parts"] as? [[String: Any]])?.count == 4)
            #expect(added?["label"] as? String == "Round 2, ordered after the split", "\(bill)")
            #expect(rupees(added?["amount"]) == rupees(second.order["total"]))
            let lines = try #require(bill["lines"] as? [[String: Any]])
            #expect(lines.count == 3)
            let byItems = try await client.call(
                .post, "/api/sessions/\(sessionId)/split", token: waiter,
                json: ["mode": "items", "items": [[lines[0]["id"] as! String], [lines[1]["id"] as! String, lines[2]["id"] as! String]]])
            #expect(byItems.status == .ok, "\(byItems.text)")
            let itemParts = try #require((byItems["session"] as? [String: Any])?["parts"] as? [[String: Any]])
            #expect(rupees(itemParts[0]["amount"]) == "1000.01")
            let sumParts = itemParts.reduce(Decimal(0)) { $0 + Decimal(string: rupees($1["amount"]) ?? "")! }
            #expect(sumParts == Decimal(string: rupees(bill["total"]) ?? "")!)
            #expect(try await client.call(
                .post, "/api/sessions/\(sessionId)/split", token: waiter,
                json: ["mode": "items", "items": [[lines[0]["id"] as! String]]]).status == .unprocessableContent)

            // Paying one order directly is refused once the bill is split.
            let orderId = try #require(placed.order["id"] as? String)
            #expect(try await client.call(.patch, "/api/payments/\(orderId)/cash", token: waiter, json: ["amount_received": 2000]).errorCode == "BILL_IS_SPLIT")

            // Part 1 in cash (short, then enough with change); the table is still taken.
            let part1 = try #require(itemParts[0]["id"] as? String)
            let part2 = try #require(itemParts[1]["id"] as? String)
            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/parts/\(part1)/cash", token: waiter, json: ["amount_received": 1000]).status == .unprocessableContent)
            let cash = try await client.call(.post, "/api/sessions/\(sessionId)/parts/\(part1)/cash", token: waiter, json: ["amount_received": 1100])
            #expect(cash.status == .ok, "\(cash.text)")
            #expect(rupees(cash["change"]) == "99.99")
            #expect((cash["session"] as? [String: Any])?["status"] as? String == "OPEN")
            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/split", token: waiter, json: ["mode": "whole"]).errorCode == "BILL_PARTLY_PAID")
            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/parts/\(part1)/cash", token: waiter, json: ["amount_received": 1100]).errorCode == "BILL_PART_PAID")

            // Part 2 online through Razorpay, by a tablemate who joined the bill but placed none of its orders.
            let tablemate = try await client.loginGuest(box, phone: "9123456780")
            #expect(try await client.call(.post, "/api/tables/tbl-005/session/join?tenant_id=\(demoTenant)", token: tablemate.token).status == .ok)
            let created = try await client.call(
                .post, "/api/payments/razorpay-order?tenant_id=\(demoTenant)", token: tablemate.token,
                json: ["session_id": sessionId, "bill_part_id": part2])
            #expect(created.status == .created, "\(created.text)")
            #expect(rupees(created["amount"]) == rupees(itemParts[1]["amount"]))
            let razorpayOrder = try #require(created["razorpay_order_id"] as? String)
            // A guest of another table cannot confirm it.
            let stranger = try await client.loginGuest(box, phone: "9000000009")
            #expect(try await client.verify(stranger.token, orderId: razorpayOrder, paymentId: "pay_TableBill0001").errorCode == "NOT_AT_THIS_TABLE")
            let verified = try await client.verify(tablemate.token, orderId: razorpayOrder, paymentId: "pay_TableBill0001")
            #expect(verified.status == .created, "\(verified.text)")
            let settled = try #require(try await client.call(.get, "/api/sessions/\(sessionId)?tenant_id=\(demoTenant)", token: waiter)["session"] as? [String: Any])
            #expect(settled["status"] as? String == "CLOSED")
            #expect(Decimal(string: rupees(settled["due"]) ?? "") == 0)
            #expect((settled["parts"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "PAID" } == true)
            // Every paisa is on record once: payments add up to the bill, each order paid in full.
            let (paid, total) = try await box.database.pool.read { db in
                (try Int64.fetchOne(db, sql: "SELECT SUM(p.amount_paise) FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.table_session_id = ? AND p.status = 'COMPLETED'", arguments: [sessionId])!,
                 try Int64.fetchOne(db, sql: "SELECT SUM(total_paise) FROM orders WHERE table_session_id = ?", arguments: [sessionId])!)
            }
            #expect(paid == total)
            let invoice = try await client.call(.get, "/api/sessions/\(sessionId)/invoice?tenant_id=\(demoTenant)", token: guest.token)
            #expect((invoice["invoice"] as? [String: Any])?["payment_methods"] as? String == "CASH, RAZORPAY")
            // The table is free: the next order there opens a new bill.
            let next = try await client.order(guest.token, [("item_006", 1)])
            #expect(next.order["table_session_id"] as? String != sessionId)
            #expect(next.order["round"] as? Int == 1)
        }
    }

    @Test("Cancelling an order undoes an unpaid split (no part asks for money nobody owes); once a part is paid, it is refused")
    func cancelAfterSplit() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let waiter = try await client.loginStaff("waiter1")
            let first = try await client.order(guest.token, [("item_005", 2)])
            let second = try await client.order(guest.token, [("item_006", 1)])
            let sessionId = try #require(first.order["table_session_id"] as? String)
            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/split", token: waiter, json: ["mode": "equal", "parts": 2]).status == .ok)
            let cancelled = try await client.call(
                .patch, "/api/orders/\(try #require(second.order["id"] as? String))/status", token: guest.token, json: ["status": "CANCELLED"])
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            let bill = try #require(try await client.call(.get, "/api/sessions/\(sessionId)?tenant_id=\(demoTenant)", token: waiter)["session"] as? [String: Any])
            #expect((bill["parts"] as? [[String: Any]])?.isEmpty == true)
            #expect(rupees(bill["due"]) == rupees(first.order["total"]))
            // Split again, pay one part: now no order of the table can be cancelled.
            let third = try await client.order(guest.token, [("item_006", 1)])
            let split = try await client.call(.post, "/api/sessions/\(sessionId)/split", token: waiter, json: ["mode": "equal", "parts": 2])
            let part = try #require(((split["session"] as? [String: Any])?["parts"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/parts/\(part)/cash", token: waiter, json: ["amount_received": 500]).status == .ok)
            let refused = try await client.call(
                .patch, "/api/orders/\(try #require(third.order["id"] as? String))/status", token: waiter, json: ["status": "CANCELLED"])
            #expect(refused.errorCode == "BILL_PARTLY_PAID")
        }
    }

    @Test("The demo journey's one guest, one order, cash: its numbers, and the table frees when it is paid")
    func seedStillSimplest() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let placed = try await client.placeSeedOrder(token: guest.token)
            #expect(rupees(placed.order["total"]) == "1088.55")
            #expect(rupees(placed.order["discount_saved"]) == "44.25")
            let id = try #require(placed.order["id"] as? String)
            let sessionId = try #require(placed.order["table_session_id"] as? String)
            let waiter = try await client.loginStaff("waiter1")
            let paid = try await client.call(.patch, "/api/payments/\(id)/cash", token: waiter, json: ["amount_received": 1100])
            #expect(paid.status == .ok)
            #expect(rupees((paid["payment"] as? [String: Any])?["change"]) == "11.45")
            let session = try #require(try await client.call(.get, "/api/sessions/\(sessionId)?tenant_id=\(demoTenant)", token: waiter)["session"] as? [String: Any])
            #expect(session["status"] as? String == "CLOSED")

            // The settled bill's GST invoice: the first of this financial year's series.
            let year = TaxInvoice.financialYear(ofLocalDate: ServiceCalendar(timeZone: TimeZone(identifier: "Asia/Kolkata")!).businessDate(of: Date()))
            let answer = try await client.call(.get, "/api/sessions/\(sessionId)/invoice?tenant_id=\(demoTenant)", token: guest.token)
            #expect(answer.status == .ok, "\(answer.text)")
            let invoice = try #require(answer["invoice"] as? [String: Any])
            #expect(invoice["number"] as? String == TaxInvoice.number(financialYear: year, sequence: 1))
            #expect((invoice["restaurant"] as? [String: String])?["gstin"] == "29ABCDE1234F1ZW")
            #expect(invoice["sac"] as? String == "996331")
            #expect(rupees(invoice["taxable_value"]) == "922.5")
            #expect(rupees(invoice["cgst"]) == "83.03" && rupees(invoice["sgst"]) == "83.02")
            #expect(rupees(invoice["total"]) == "1088.55")
            #expect(invoice["payment_methods"] as? String == "CASH")
            #expect((invoice["lines"] as? [[String: Any]])?.count == 3)
            // Another table settled: the next number, no gap; a stranger cannot read either.
            let other = try await client.loginGuest(box, phone: "9876500009")
            let next = try await client.order(other.token, table: "tbl-002", [("item_006", 1)])
            let nextSession = try #require(next.order["table_session_id"] as? String)
            #expect(try await client.call(.get, "/api/sessions/\(nextSession)/invoice?tenant_id=\(demoTenant)", token: other.token).errorCode == "INVOICE_NOT_ISSUED")
            #expect(try await client.call(.patch, "/api/payments/\(try #require(next.order["id"] as? String))/cash", token: waiter, json: ["amount_received": 100]).status == .ok)
            let second = try await client.call(.get, "/api/sessions/\(nextSession)/invoice?tenant_id=\(demoTenant)", token: other.token)
            #expect((second["invoice"] as? [String: Any])?["number"] as? String == TaxInvoice.number(financialYear: year, sequence: 2))
            #expect(try await client.call(.get, "/api/sessions/\(sessionId)/invoice?tenant_id=\(demoTenant)", token: other.token).status == .forbidden)
            let today = try await client.call(.get, "/api/invoices", token: waiter)
            #expect((today["invoices"] as? [[String: Any]])?.map { $0["number"] as? String } == [TaxInvoice.number(financialYear: year, sequence: 2), TaxInvoice.number(financialYear: year, sequence: 1)])
        }
    }

    @Test("Call the waiter: one open call however often the guest taps, on the waiters' live stream, acknowledged once")
    func callWaiter() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let first = try await client.call(.post, "/api/tables/tbl-005/calls?tenant_id=\(demoTenant)", token: guest.token, json: ["kind": "waiter"])
            #expect(first.status == .created, "\(first.text)")
            let again = try await client.call(.post, "/api/tables/tbl-005/calls?tenant_id=\(demoTenant)", token: guest.token, json: ["kind": "WAITER"])
            #expect(again.status == .ok)
            #expect((again["call"] as? [String: Any])?["id"] as? String == (first["call"] as? [String: Any])?["id"] as? String)
            #expect((first["message"] as? String)?.hasPrefix("Requested") == true)
            // A bill request is for the table's whole bill: two guests' orders, ₹330.40 + ₹118.
            let other = try await client.loginGuest(box, phone: "9876500002")
            #expect(try await client.placeOrder(token: guest.token, items: [["menu_item_id": "item_001", "quantity": 1]]).status == .created)
            #expect(try await client.placeOrder(token: other.token, items: [["menu_item_id": "item_005", "quantity": 2]]).status == .created)
            let bill = try await client.call(.post, "/api/tables/tbl-005/calls?tenant_id=\(demoTenant)", token: other.token, json: ["kind": "BILL"])
            #expect(bill.status == .created)
            #expect(rupees((bill["call"] as? [String: Any])?["amount_due"]) == "448.4")
            #expect(bill["message"] as? String == "Requested: your waiter will bring the table's bill of ₹448.40")
            #expect(try await client.call(.post, "/api/tables/tbl-005/calls?tenant_id=\(demoTenant)", token: guest.token, json: ["kind": "dance"]).status == .unprocessableContent)
            let waiter = try await client.loginStaff("waiter1")
            let open = try #require(try await client.call(.get, "/api/calls", token: waiter)["calls"] as? [[String: Any]])
            #expect(open.map { $0["kind"] as? String } == ["WAITER", "BILL"])
            #expect(open.allSatisfy { $0["table_number"] as? Int == 5 })
            #expect(rupees(open[1]["amount_due"]) == "448.4" && open[0]["amount_due"] == nil)
            let callId = try #require(open.first?["id"] as? String)
            #expect(try await client.call(.post, "/api/calls/\(callId)/acknowledge", token: guest.token).status == .forbidden)
            // The guest who called sees it requested, then taken.
            let waiting = try await client.call(.get, "/api/calls/\(callId)?tenant_id=\(demoTenant)", token: guest.token)
            #expect((waiting["call"] as? [String: Any])?["status"] as? String == "OPEN")
            let taken = try await client.call(.post, "/api/calls/\(callId)/acknowledge", token: waiter)
            #expect((taken["call"] as? [String: Any])?["acknowledged_by"] as? String == "waiter1")
            let seen = try await client.call(.get, "/api/calls/\(callId)?tenant_id=\(demoTenant)", token: guest.token)
            #expect((seen["call"] as? [String: Any])?["status"] as? String == "ACKNOWLEDGED")
            #expect(try await client.call(.get, "/api/calls/call-nope", token: guest.token).status == .notFound)
            #expect(try await client.call(.get, "/api/calls/\(callId)").status == .unauthorized)
            #expect(try await client.call(.get, "/api/calls", token: waiter)["calls"].map { ($0 as? [[String: Any]])?.count } == 1)
            // Three events in the log: two calls and one acknowledgement (the repeated tap added none).
            let events = try await box.database.pool.read { db in
                try String.fetchAll(db, sql: "SELECT type FROM events WHERE type LIKE 'table.%' ORDER BY seq")
            }
            #expect(events == ["table.call", "table.call", "table.call_acknowledged"])
        }
    }
}
