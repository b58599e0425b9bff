import Foundation
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

/// A generated month of trade through the real server (docs/reports.md, docs/day-close.md,
/// docs/gstr1.md): every day several hundred orders at ten tables, split bills, cancellations,
/// a manager's rule and the demand model discounting, and cash, UPI, card and Razorpay; every day
/// closed by its cash count. The test keeps its own ledger of what each answer said at the time
/// (orders as placed, payments as recorded, invoices as issued) and every report must equal it.
@Suite("A month of trade: the period report, every day's Z report and the GST return equal the test's own ledger")
struct MonthOfTradeTests {
    static let days = 31
    static let sessionsPerDay = 100
    static let ordersPerSession = 3
    static let ruleReason = "Naan of the day"
    static let openingFloat: Int64 = 200_000

    /// What the test saw, in paise.
    struct Ledger {
        struct Line { var itemId, name: String; var quantity: Int; var subtotal, given: Int64; var byRule: Bool }
        struct Order { var id, date, hour: String; var table: Int; var total, gst: Int64; var lines: [Line] }
        struct Payment { var date, method, staff: String; var amount: Int64 }
        struct Invoice { var number, date, kind: String; var taxes: [(rate: Decimal, taxable: Decimal, cgst: Decimal, sgst: Decimal)] }
        var orders: [Order] = []
        var cancelled: [String: Int] = [:]
        var payments: [Payment] = []
        var invoices: [Invoice] = []
    }

    @Test("December 2026, 31 days × 300 orders: the month's report by day, hour, item, category, table, staff and method, each Z report with its cash count, and GSTR-1 reconcile to the paisa, with no gap in the invoice series")
    func month() async throws {
        // 2026-12-01 12:00 in Kolkata.
        let start = Date(timeIntervalSince1970: 1_796_106_600)
        let clock = MovingClock(start)
        let setup = try await RazorpaySetup.make(clock: clock.wallClock)
        let box = setup.box
        let zone = { var calendar = Calendar(identifier: .gregorian); calendar.timeZone = TimeZone(identifier: "Asia/Kolkata")!; return calendar }()
        try await box.test { client in
            var manager = try await client.loginStaff("manager1")
            for ingredient in (try await client.call(.get, "/api/inventory", token: manager)["ingredients"] as? [[String: Any]] ?? []) {
                _ = try await client.call(.post, "/api/inventory/ingredients/\(ingredient["id"] as! String)/restock", token: manager, json: ["quantity": 5_000_000])
            }
            #expect(try await client.call(.patch, "/api/restaurant", token: manager, json: [
                "gst_rate": 5, "round_off": true, "tax_classes": [["id": "packaged", "name": "Packaged drinks", "rate": 18]],
            ]).status == .ok)
            #expect(try await client.call(.patch, "/api/menu/items/item_006", token: manager, json: ["tax_class_id": "packaged"]).status == .ok)
            #expect(try await client.call(.put, "/api/discounts/rules/rule-naan", token: manager, json: [
                "menu_item_id": "item_005", "discount_percentage": 10, "reason": Self.ruleReason, "confidence": 0.9,
            ]).status == .ok)
            let menu = try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)", token: manager)
            let categoryNames = Dictionary(uniqueKeysWithValues: (menu["categories"] as? [[String: Any]] ?? []).map { ($0["id"] as! String, $0["name"] as! String) })
            let categoryOf = Dictionary(uniqueKeysWithValues: (menu["items"] as? [[String: Any]] ?? []).map {
                ($0["id"] as! String, categoryNames[$0["category_id"] as! String]!)
            })

            var ledger = Ledger()
            var serial = 0
            for day in 0..<Self.days {
                clock.set(start.addingTimeInterval(Double(day) * 86_400))
                let date = String(format: "2026-12-%02d", day + 1)
                var guest = try await client.loginGuest(box)
                var waiter = try await client.loginStaff("waiter1")
                manager = try await client.loginStaff("manager1")
                if day == 7 {
                    // A week of history: the demand model can be trained, and discounts the surplus paneer from now on.
                    let trained = try await client.call(.post, "/api/discounts/model/train", token: manager)
                    #expect(trained.status == .created, "\(trained.text)")
                }
                for session in 0..<Self.sessionsPerDay {
                    serial += 1
                    if session == Self.sessionsPerDay / 2 {
                        // The evening shift signs in afresh: a token lasts eight hours.
                        (guest, waiter, manager) = (try await client.loginGuest(box), try await client.loginStaff("waiter1"), try await client.loginStaff("manager1"))
                    }
                    let table = session % 10 + 1
                    let kind = session % 8
                    var orders: [[String: Any]] = []
                    var hours: [String: String] = [:]
                    for round in 0..<Self.ordersPerSession {
                        let dishes = [["item_001", "item_005"], ["item_003", "item_006"], ["item_004", "item_005", "item_006"]][(serial + round) % 3]
                        let placed = try await client.placeOrder(token: guest.token, table: String(format: "tbl-%03d", table), items: dishes.enumerated().map {
                            ["menu_item_id": $0.element, "quantity": 1 + ($0.offset + serial + round) % 3]
                        })
                        #expect(placed.status == .created, "\(placed.text)")
                        orders.append(placed.order)
                        hours[placed.order["id"] as? String ?? ""] = String(format: "%02d", zone.component(.hour, from: clock.now.withLock { $0 }))
                        clock.advance(minutes: 2)
                    }
                    let sessionId = try #require(orders[0]["table_session_id"] as? String)
                    if kind == 6 {
                        let cancelled = try await client.call(.patch, "/api/orders/\(orders[1]["id"] as! String)/status", token: waiter,
                                                             json: ["status": "CANCELLED", "notes": "Guest changed their mind"])
                        #expect(cancelled.status == .ok, "\(cancelled.text)")
                        ledger.cancelled[date, default: 0] += 1
                        orders.remove(at: 1)
                    }
                    for order in orders {
                        ledger.orders.append(Ledger.Order(
                            id: order["id"] as! String, date: date, hour: hours[order["id"] as! String]!, table: table, total: paise(order["total"]), gst: paise(order["gst"]),
                            lines: (order["items"] as! [[String: Any]]).map { line in
                                let quantity = line["quantity"] as! Int
                                return Ledger.Line(
                                    itemId: line["menu_item_id"] as! String, name: line["name"] as! String, quantity: quantity, subtotal: paise(line["subtotal"]),
                                    given: (paise(line["unit_price"]) - paise(line["discounted_unit_price"])) * Int64(quantity),
                                    byRule: line["discount_reason"] as? String == Self.ruleReason)
                            }))
                    }
                    if kind == 7 {
                        #expect(try await client.call(.put, "/api/sessions/\(sessionId)/buyer", token: manager,
                                                      json: ["gstin": "27AAPFU0939F1ZV", "name": "Acme Traders"]).status == .ok)
                    }
                    func record(_ method: String, _ staff: String, _ amount: Int64) {
                        ledger.payments.append(Ledger.Payment(date: date, method: method, staff: staff, amount: amount))
                    }
                    switch kind {
                    case 4, 5:
                        let split = try await client.call(.post, "/api/sessions/\(sessionId)/split", token: waiter, json: ["mode": "equal", "parts": kind == 4 ? 2 : 3])
                        let parts = try #require((split["session"] as? [String: Any])?["parts"] as? [[String: Any]], "\(split.text)")
                        for (index, part) in parts.enumerated() {
                            let partId = part["id"] as! String, amount = paise(part["amount"])
                            switch (kind, index) {
                            case (4, 0), (5, 2):
                                let paid = try await client.call(.post, "/api/sessions/\(sessionId)/parts/\(partId)/cash", token: waiter,
                                                                 json: ["amount_received": Double((amount + 9_999) / 10_000 * 100)])
                                #expect(paid.status == .ok, "\(paid.text)")
                                record("CASH", "waiter1", amount)
                            case (4, 1):
                                let paid = try await client.call(.post, "/api/sessions/\(sessionId)/parts/\(partId)/counter", token: waiter,
                                                                 json: ["method": "UPI", "reference": String(format: "8%011d", serial)])
                                #expect(paid.status == .ok, "\(paid.text)")
                                record("UPI", "waiter1", amount)
                            case (5, 0):
                                let paid = try await client.call(.post, "/api/sessions/\(sessionId)/parts/\(partId)/counter", token: manager,
                                                                 json: ["method": "CARD", "reference": "PART\(serial)"])
                                #expect(paid.status == .ok, "\(paid.text)")
                                record("CARD", "manager1", amount)
                            default:
                                let created = try await client.call(.post, "/api/payments/razorpay-order?tenant_id=\(demoTenant)", token: guest.token,
                                                                    json: ["session_id": sessionId, "bill_part_id": partId, "method": "online"])
                                let razorpayOrder = try #require(created["razorpay_order_id"] as? String, "\(created.text)")
                                let paid = try await client.verify(guest.token, orderId: razorpayOrder, paymentId: String(format: "pay_P%013d", serial))
                                #expect(paid.status == .created, "\(paid.text)")
                                record("RAZORPAY", "online", amount)
                            }
                        }
                    default:
                        for (index, order) in orders.enumerated() {
                            let id = order["id"] as! String, due = paise(order["total"])
                            let paid: JSONResponse
                            switch kind {
                            case 1, 7:
                                paid = try await client.call(.post, "/api/payments/\(id)/counter", token: waiter,
                                                             json: ["method": "UPI", "reference": String(format: "7%08d%03d", serial, index)])
                                record("UPI", "waiter1", due)
                            case 2:
                                paid = try await client.call(.post, "/api/payments/\(id)/counter", token: manager,
                                                             json: ["method": "CARD", "reference": "AC\(serial)X\(index)"])
                                record("CARD", "manager1", due)
                            case 3:
                                let created = try await client.razorpayOrder(guest.token, orderId: id)
                                let razorpayOrder = try #require(created["razorpay_order_id"] as? String, "\(created.text)")
                                paid = try await client.verify(guest.token, orderId: razorpayOrder, paymentId: String(format: "pay_O%010d%03d", serial, index))
                                record("RAZORPAY", "online", due)
                            default:
                                paid = try await client.call(.patch, "/api/payments/\(id)/cash", token: waiter,
                                                             json: ["amount_received": Double((due + 9_999) / 10_000 * 100)])
                                record("CASH", "waiter1", due)
                            }
                            // A verified checkout records a new payment (201); the counter and cash answer the order (200).
                            #expect(paid.status == (kind == 3 ? .created : .ok), "kind \(kind): \(paid.text.prefix(300))")
                        }
                    }
                    let invoice = try #require(try await client.call(.get, "/api/sessions/\(sessionId)/invoice", token: manager)["invoice"] as? [String: Any])
                    ledger.invoices.append(Ledger.Invoice(
                        number: invoice["number"] as! String, date: invoice["date"] as! String, kind: invoice["kind"] as! String,
                        taxes: (invoice["taxes"] as? [[String: Any]] ?? []).map { (dec($0["rate"]), dec($0["taxable_value"]), dec($0["cgst"]), dec($0["sgst"])) }))
                    clock.advance(minutes: 1)
                }
                try await closeDay(client, manager: manager, date: date, ledger: ledger)
            }

            manager = try await client.loginStaff("manager1")
            try await checkMonthReport(client, manager: manager, ledger: ledger, categoryOf: categoryOf)
            try await checkWeekAgainstWeekBefore(client, manager: manager, ledger: ledger)
            try await checkGSTR1(client, manager: manager, ledger: ledger)
        }
    }

    /// The day's X report against the ledger, then the close with the counted cash the ledger expects.
    func closeDay(_ client: any TestClientProtocol, manager: String, date: String, ledger: Ledger) async throws {
        let orders = ledger.orders.filter { $0.date == date }
        let payments = ledger.payments.filter { $0.date == date }
        let cash = payments.filter { $0.method == "CASH" }.reduce(0) { $0 + $1.amount }
        let closed = try await client.call(.post, "/api/day/close", token: manager, json: [
            "opening_float": Double(Self.openingFloat) / 100, "counted_cash": Double(Self.openingFloat + cash) / 100,
        ])
        #expect(closed.status == .created, "\(date): \(closed.text)")
        let close = try #require(closed["close"] as? [String: Any])
        #expect(paise(close["expected_cash"]) == Self.openingFloat + cash && paise(close["variance"]) == 0, "\(date): \(close)")
        let report = try #require(closed["report"] as? [String: Any])
        #expect(report["business_date"] as? String == date)
        #expect(report["orders"] as? Int == orders.count, "\(date)")
        #expect(paise(report["sales"]) == orders.reduce(0) { $0 + $1.total }, "\(date)")
        #expect(paise(report["gst"]) == orders.reduce(0) { $0 + $1.gst }, "\(date)")
        #expect((report["cancellations"] as? [[String: Any]])?.count == ledger.cancelled[date, default: 0], "\(date)")
        let lines = orders.flatMap(\.lines)
        #expect(paise(report["discounts_by_rules"]) == lines.filter(\.byRule).reduce(0) { $0 + $1.given })
        #expect(paise(report["discounts_by_model"]) == lines.filter { !$0.byRule }.reduce(0) { $0 + $1.given })
        let methods = (report["payments_by_method"] as? [String: Any] ?? [:]).mapValues { paise($0) }
        #expect(methods == Dictionary(grouping: payments, by: \.method).mapValues { $0.reduce(0) { $0 + $1.amount } }, "\(date)")
        #expect((report["open_bills"] as? [Any])?.isEmpty == true)
    }

    func checkMonthReport(_ client: any TestClientProtocol, manager: String, ledger: Ledger, categoryOf: [String: String]) async throws {
        let answer = try await client.call(.get, "/api/reports/sales?from=2026-12-01&to=2026-12-31", token: manager)
        #expect(answer.status == .ok, "\(answer.text)")
        let report = try #require(answer["report"] as? [String: Any])
        let totals = try #require(report["totals"] as? [String: Any])
        let orders = ledger.orders, lines = orders.flatMap(\.lines)
        let sales = orders.reduce(0) { $0 + $1.total }
        #expect(orders.count >= Self.days * 250, "several hundred orders a day")
        #expect(totals["orders"] as? Int == orders.count)
        #expect(paise(totals["sales"]) == sales)
        #expect(paise(totals["gst"]) == orders.reduce(0) { $0 + $1.gst })
        #expect(totals["cancelled"] as? Int == ledger.cancelled.values.reduce(0, +))
        let average = (Decimal(sales) / Decimal(orders.count)).rounded(0, .plain)
        #expect(dec(totals["average_ticket"]) * 100 == average)
        let byRule = lines.filter(\.byRule).reduce(0) { $0 + $1.given }, byModel = lines.filter { !$0.byRule }.reduce(0) { $0 + $1.given }
        #expect(byRule > 0 && byModel > 0, "both sources discounted: rules \(byRule), model \(byModel)")
        #expect(paise(totals["discounts_by_rules"]) == byRule && paise(totals["discounts_by_model"]) == byModel)

        /// A table of the report as key → (orders, quantity, sales).
        func table(_ name: String) -> [String: [Int64]] {
            Dictionary(uniqueKeysWithValues: (report[name] as? [[String: Any]] ?? []).map {
                ($0["key"] as! String, [Int64($0["orders"] as! Int), Int64($0["quantity"] as? Int ?? 0), paise($0["sales"])])
            })
        }
        func byOrder(_ key: (Ledger.Order) -> String) -> [String: [Int64]] {
            Dictionary(grouping: orders, by: key).mapValues { [Int64($0.count), 0, $0.reduce(0) { $0 + $1.total }] }
        }
        func byLine(_ key: (Ledger.Line) -> String) -> [String: [Int64]] {
            var rows: [String: (Set<String>, Int64, Int64)] = [:]
            for order in orders {
                for line in order.lines {
                    var row = rows[key(line)] ?? ([], 0, 0)
                    row.0.insert(order.id); row.1 += Int64(line.quantity); row.2 += line.subtotal
                    rows[key(line)] = row
                }
            }
            return rows.mapValues { [Int64($0.0.count), $0.1, $0.2] }
        }
        func byPayment(_ key: (Ledger.Payment) -> String) -> [String: Int64] {
            Dictionary(grouping: ledger.payments, by: key).mapValues { $0.reduce(0) { $0 + $1.amount } }
        }
        #expect(table("by_day") == byOrder(\.date))
        #expect(table("by_day").count == Self.days)
        #expect(table("by_hour") == byOrder(\.hour))
        #expect(table("by_table") == byOrder { "Table \($0.table)" })
        #expect(table("by_item") == byLine(\.name))
        #expect(table("by_category") == byLine { categoryOf[$0.itemId]! })
        #expect(table("by_method").mapValues { $0[2] } == byPayment(\.method))
        #expect(table("by_staff").mapValues { $0[2] } == byPayment(\.staff))
        #expect(byPayment(\.method).keys.sorted() == ["CARD", "CASH", "RAZORPAY", "UPI"])
        // Every payment covers what was sold: the month's money equals its sales.
        #expect(ledger.payments.reduce(0) { $0 + $1.amount } == sales)
    }

    /// The second week, compared with the first: the period before is the ledger's first seven days.
    func checkWeekAgainstWeekBefore(_ client: any TestClientProtocol, manager: String, ledger: Ledger) async throws {
        let answer = try await client.call(.get, "/api/reports/sales?from=2026-12-08&to=2026-12-14", token: manager)
        #expect(answer["previous_from"] as? String == "2026-12-01" && answer["previous_to"] as? String == "2026-12-07")
        let before = ledger.orders.filter { $0.date <= "2026-12-07" }
        let previous = try #require(answer["previous"] as? [String: Any])
        #expect(previous["orders"] as? Int == before.count && paise(previous["sales"]) == before.reduce(0) { $0 + $1.total })
        let week = ledger.orders.filter { $0.date >= "2026-12-08" && $0.date <= "2026-12-14" }
        let totals = try #require((answer["report"] as? [String: Any])?["totals"] as? [String: Any])
        #expect(paise(totals["sales"]) == week.reduce(0) { $0 + $1.total })
    }

    /// December's GSTR-1 against the invoices as issued: B2C by rate, B2B by number, HSN/SAC, and the
    /// series. The rows' tax is the invoices' to the paisa, in halves (docs/gstr1.md, "Decisions").
    func checkGSTR1(_ client: any TestClientProtocol, manager: String, ledger: Ledger) async throws {
        let answer = try await client.call(.get, "/api/reports/gstr1?month=2026-12", token: manager)
        #expect(answer.status == .ok, "\(answer.text)")
        let invoices = ledger.invoices.filter { $0.date.hasPrefix("2026-12") }
        #expect(invoices.count == Self.days * Self.sessionsPerDay)
        func sums(_ kind: String) -> [Decimal: [Decimal]] {
            var sums: [Decimal: [Decimal]] = [:]
            for invoice in invoices where invoice.kind == kind {
                for tax in invoice.taxes {
                    let sum = sums[tax.rate] ?? [0, 0]
                    sums[tax.rate] = [sum[0] + tax.taxable, sum[1] + tax.cgst + tax.sgst]
                }
            }
            return sums
        }
        /// A return's rows as rate → [taxable value, CGST + SGST]; the two halves a paisa apart at most.
        func rows(_ list: Any?) -> [Decimal: [Decimal]] {
            Dictionary(uniqueKeysWithValues: (list as? [[String: Any]] ?? []).map {
                #expect([0, 0.01].contains(dec($0["camt"]) - dec($0["samt"])), "CGST and SGST halves: \($0)")
                return (dec($0["rt"]), [dec($0["txval"]), dec($0["camt"]) + dec($0["samt"])])
            })
        }
        let b2cs = rows(answer["b2cs"])
        #expect(b2cs == sums("B2C"))
        #expect(b2cs.keys.sorted() == [5, 18])
        let b2b = try #require((answer["b2b"] as? [[String: Any]])?.first?["inv"] as? [[String: Any]])
        #expect(Set(b2b.map { $0["inum"] as! String }) == Set(invoices.filter { $0.kind == "B2B" }.map(\.number)))
        let hsn = try #require(answer["hsn"] as? [String: Any])
        for (table, kind) in [("hsn_b2c", "B2C"), ("hsn_b2b", "B2B")] {
            #expect(rows(hsn[table]) == sums(kind), "\(table)")
        }
        let docs = try #require(((answer["doc_issue"] as? [String: Any])?["doc_det"] as? [[String: Any]])?.first?["docs"] as? [[String: Any]])
        let numbers = invoices.map(\.number).sorted()
        #expect(docs.count == 1 && docs[0]["from"] as? String == numbers.first && docs[0]["to"] as? String == numbers.last)
        #expect(docs[0]["totnum"] as? Int == numbers.count && docs[0]["cancel"] as? Int == 0)
        let sequence = numbers.compactMap { Int($0.split(separator: "/").last!) }
        #expect(sequence == Array(1...numbers.count), "no gap in the series")
    }

    func paise(_ value: Any?) -> Int64 { Int64(truncating: ((value as? NSNumber).map { Decimal(string: $0.stringValue)! * 100 } ?? 0) as NSDecimalNumber) }
    func dec(_ value: Any?) -> Decimal { (value as? NSNumber).map { Decimal(string: $0.stringValue) ?? 0 } ?? 0 }
}

extension Decimal {
    func rounded(_ scale: Int, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var value = self, result = Decimal()
        NSDecimalRound(&result, &value, scale, mode)
        return result
    }
}
