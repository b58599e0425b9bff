import Foundation
import HTTPTypes
import HummingbirdTesting
import IntelliDineDomain
import IntelliDineServer
import IntelliDineStore
import Testing

/// The GST return's tables (docs/gstr1.md) through the real server, over days of trade on a clock
/// the test moves: every figure must equal a sum over the month's invoices as issued.
@Suite("GSTR-1: B2B, B2C, HSN/SAC and documents issued, reconciled with the invoices")
struct GSTR1Tests {
    @Test("Six days across a month's end at 5 % and 18 %: a B2B bill, a split bill and a cancellation; the December return equals the December invoices, with no gap in the series")
    func monthOfTrade() async throws {
        // 2026-11-28 14:30 in Kolkata.
        let clock = MovingClock(Date(timeIntervalSince1970: 1_795_856_400))
        let box = try await TestBox.make(clock: clock.wallClock)
        try await box.test { client in
            var manager = try await client.loginStaff("manager1")
            let stock = try await client.call(.get, "/api/inventory", token: manager)
            for ingredient in (stock["ingredients"] as? [[String: Any]] ?? []) {
                _ = try await client.call(.post, "/api/inventory/ingredients/\(ingredient["id"] as! String)/restock", token: manager, json: ["quantity": 1_000_000])
            }
            #expect(try await client.call(.patch, "/api/restaurant", token: manager, json: [
                "gst_rate": 5, "round_off": true, "tax_classes": [["id": "packaged", "name": "Packaged drinks", "rate": 18]],
            ]).status == .ok)
            _ = try await client.call(.patch, "/api/menu/items/item_006", token: manager, json: ["tax_class_id": "packaged"])
            var sessionsByMonth: [String: [String]] = [:]
            for day in 0..<6 {
                // Signed in afresh each day: a token lasts less than a day on the moving clock.
                let guest = try await client.loginGuest(box)
                manager = try await client.loginStaff("manager1")
                for table in ["tbl-001", "tbl-002", "tbl-003"] {
                    let first = try await client.placeOrder(token: guest.token, table: table, items: [
                        ["menu_item_id": "item_001", "quantity": 1 + day % 2], ["menu_item_id": "item_006", "quantity": 1],
                    ])
                    #expect(first.status == .created, "\(first.text)")
                    let sessionId = try #require(first.order["table_session_id"] as? String)
                    let second = try await client.placeOrder(token: guest.token, table: table, items: [["menu_item_id": "item_005", "quantity": 2]])
                    let secondId = try #require(second.order["id"] as? String)
                    if table == "tbl-002" && day == 4 {
                        // A business guest asks for a B2B invoice; a bad GSTIN is refused first.
                        #expect(try await client.call(.put, "/api/sessions/\(sessionId)/buyer", token: manager,
                                                      json: ["gstin": "29AAGCB7383J1Z5", "name": "Acme"]).status == .unprocessableContent)
                        #expect(try await client.call(.put, "/api/sessions/\(sessionId)/buyer", token: manager,
                                                      json: ["gstin": "27aapfu0939f1zv", "name": "Acme Traders"]).status == .ok)
                    }
                    if table == "tbl-003" && day == 5 {
                        // Cancelled before it was cooked: not on the bill, not on the invoice.
                        let cancel = try await client.call(.patch, "/api/orders/\(secondId)/status", token: manager, json: ["status": "CANCELLED", "notes": "Guest changed their mind"])
                        #expect(cancel.status == .ok, "\(cancel.text)")
                    }
                    if table == "tbl-001" && day == 3 {
                        let split = try await client.call(.post, "/api/sessions/\(sessionId)/split", token: manager, json: ["mode": "equal", "parts": 2])
                        for part in (split["session"] as? [String: Any])?["parts"] as? [[String: Any]] ?? [] {
                            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/parts/\(part["id"] as! String)/cash", token: manager,
                                                          json: ["amount_received": 2000]).status == .ok)
                        }
                    } else {
                        let bill = try #require(try await client.call(.get, "/api/sessions/\(sessionId)", token: manager)["session"] as? [String: Any])
                        for order in bill["orders"] as? [[String: Any]] ?? [] where order["status"] as? String != "CANCELLED" {
                            let paid = try await client.call(.patch, "/api/payments/\(order["id"] as! String)/cash", token: manager, json: ["amount_received": 5000])
                            #expect(paid.status == .ok, "\(paid.text)")
                        }
                    }
                    let invoice = try await client.call(.get, "/api/sessions/\(sessionId)/invoice", token: manager)
                    let date = try #require((invoice["invoice"] as? [String: Any])?["date"] as? String, "\(invoice.text)")
                    sessionsByMonth[String(date.prefix(7)), default: []].append(sessionId)
                }
                clock.advance(days: 1)
            }
            #expect(sessionsByMonth["2026-11"]?.count == 9 && sessionsByMonth["2026-12"]?.count == 9)
            manager = try await client.loginStaff("manager1")

            // The independent computation: December's invoices, as the API shows them, summed by rate.
            var b2c: [Decimal: (Decimal, Decimal)] = [:]
            var b2bNumbers: [String] = []
            var numbers: [String] = []
            for sessionId in sessionsByMonth["2026-12"] ?? [] {
                let invoice = try #require(try await client.call(.get, "/api/sessions/\(sessionId)/invoice", token: manager)["invoice"] as? [String: Any])
                numbers.append(invoice["number"] as! String)
                if invoice["kind"] as? String == "B2B" { b2bNumbers.append(invoice["number"] as! String); continue }
                for tax in invoice["taxes"] as? [[String: Any]] ?? [] {
                    let rate = dec(tax["rate"])
                    let sum = b2c[rate] ?? (0, 0)
                    b2c[rate] = (sum.0 + dec(tax["taxable_value"]), sum.1 + dec(tax["cgst"]) + dec(tax["sgst"]))
                }
            }
            let answer = try await client.call(.get, "/api/reports/gstr1?month=2026-12", token: manager)
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer["gstin"] as? String == "29ABCDE1234F1ZW" && answer["fp"] as? String == "122026")
            let b2cs = try #require(answer["b2cs"] as? [[String: Any]])
            #expect(b2cs.count == 2)
            for row in b2cs {
                let expected = try #require(b2c[dec(row["rt"])])
                // The month's tax at the rate, in halves a paisa apart at most (docs/gstr1.md, "Decisions").
                #expect((dec(row["txval"]), dec(row["camt"]) + dec(row["samt"])) == expected, "\(row)")
                #expect([0, 0.01].contains(dec(row["camt"]) - dec(row["samt"])), "\(row)")
                #expect(row["pos"] as? String == "29" && row["sply_ty"] as? String == "INTRA")
            }
            let b2b = try #require(answer["b2b"] as? [[String: Any]])
            #expect(b2b.map { $0["ctin"] as? String } == ["27AAPFU0939F1ZV"])
            #expect((b2b.first?["inv"] as? [[String: Any]])?.map { $0["inum"] as? String } == b2bNumbers)
            let docs = try #require(((answer["doc_issue"] as? [String: Any])?["doc_det"] as? [[String: Any]])?.first?["docs"] as? [[String: Any]])
            let sorted = numbers.sorted()
            #expect(docs.count == 1)
            #expect(docs.first?["from"] as? String == sorted.first && docs.first?["to"] as? String == sorted.last)
            #expect(docs.first?["totnum"] as? Int == 9 && docs.first?["cancel"] as? Int == 0)
            let sequences = sorted.compactMap { Int($0.split(separator: "/").last!) }
            #expect(sequences == Array(sequences.first!...sequences.last!), "no gap in the series")
            let hsn = try #require(answer["hsn"] as? [String: Any])
            #expect((hsn["hsn_b2c"] as? [[String: Any]])?.allSatisfy { $0["hsn_sc"] as? String == "996331" } == true)
            #expect((hsn["hsn_b2b"] as? [[String: Any]])?.count == 2)

            // CSV: the B2C table has its heading and a row per rate.
            let csv = try await client.execute(uri: "/api/reports/gstr1?month=2026-12&format=csv&table=b2cs", method: .get,
                                               headers: [.authorization: "Bearer \(manager)"])
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = String(buffer: csv.body).split(separator: "\r\n")
            #expect(lines.first == "Type,Place Of Supply,Rate,Taxable Value,Central Tax,State/UT Tax,Cess Amount" && lines.count == 3)

            #expect(try await client.call(.get, "/api/reports/gstr1?month=2026-13", token: manager).status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/reports/gstr1?month=2026-12&format=csv&table=x", token: manager).status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/reports/gstr1?month=2026-12", token: try await client.loginStaff("waiter1")).status == .forbidden)
        }
    }

    func dec(_ value: Any?) -> Decimal { (value as? NSNumber).map { Decimal(string: $0.stringValue) ?? 0 } ?? 0 }
}

extension TestClientProtocol {
    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields) async throws -> TestResponse {
        try await executeRequest(uri: uri, method: method, headers: headers, body: nil)
    }
}
