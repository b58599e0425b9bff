import Foundation
import HTTPTypes
import HummingbirdTesting
import IntelliDineDomain
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("Printed bills, invoices and day reports on the counter's receipt printer, with a UPI QR")
struct ReceiptTests {
    @Test("The UPI request is NPCI's deep link with each value percent-encoded; a line keeps its amount whole")
    func upiAndLayout() {
        #expect(UPIPayment.uri(vpa: "spicegarden@okaxis", payee: "Spice Garden", amount: Paise(108_855), note: "Table 5 bill")
            == "upi://pay?pa=spicegarden@okaxis&pn=Spice%20Garden&am=1088.55&cu=INR&tn=Table%205%20bill")
        #expect(UPIPayment.uri(vpa: "a@b", payee: "Café & Co", amount: Paise(5_007), note: "x").contains("pn=Caf%C3%A9%20%26%20Co&am=50.07&"))
        let bytes = ESCPOS.render(Receipt([.amount(String(repeating: "Paneer Tikka ", count: 6), Paise(123_456)), .qr("upi://pay?pa=a@b")]))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Rs 1,234.56\n"))
        // GS ( k store: the length is the data plus 3, low byte first.
        let store: [UInt8] = [0x1D, 0x28, 0x6B, UInt8(16 + 3), 0x00, 0x31, 0x50, 0x30] + Array("upi://pay?pa=a@b".utf8)
        #expect(bytes.indices.contains { Array(bytes[$0..<min(bytes.count, $0 + store.count)]) == store })
    }

    @Test("The bill prints on the receipt printer only, with GSTIN, CGST and SGST and a UPI QR for the amount due; the guest's phone gets the same QR; the invoice and the Z report print too")
    func printAtTheCounter() async throws {
        let box = try await TestBox.make()
        let kitchen = try TestPrinter()
        let counter = try TestPrinter()
        try kitchen.switchOn()
        try counter.switchOn()
        defer { kitchen.switchOff(); counter.switchOff() }
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let waiter = try await client.loginStaff("waiter1")
            let guest = try await client.loginGuest(box)
            let placed = try await client.placeSeedOrder(token: guest.token)
            let sessionId = try #require(placed.order["table_session_id"] as? String)
            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/print", token: waiter).errorCode == "NO_RECEIPT_PRINTER")
            // The first order's ticket is settled (no kitchen printer yet) before one is added.
            try await box.caughtUp(ConsumerName.kitchenPrinter)

            try await KitchenTicketTests.addPrinter(client, manager, name: "Kitchen", port: kitchen.port)
            let added = try await client.call(.post, "/api/printers", token: manager, json: [
                "name": "Counter", "host": "127.0.0.1", "port": counter.port, "role": "RECEIPT",
            ])
            #expect(added.status == .created && (added["printer"] as? [String: Any])?["role"] as? String == "RECEIPT", "\(added.text)")
            #expect(try await client.call(.patch, "/api/restaurant", token: manager, json: ["upi_id": "spicegarden@okicici"]).status == .ok)
            // A new order's ticket goes to the kitchen, not to the counter.
            _ = try await client.placeOrder(token: guest.token, table: "tbl-002", items: [["menu_item_id": "item_005", "quantity": 1]])
            _ = try await kitchen.waitForTickets(1)

            let printed = try await client.call(.post, "/api/sessions/\(sessionId)/print", token: waiter)
            #expect(printed.status == .accepted, "\(printed.text)")
            let bill = try #require(try await counter.waitForTickets(1).first)
            let text = String(decoding: bill, as: UTF8.self)
            for words in ["GSTIN 29ABCDE1234F1ZW", "FSSAI Lic. No. 11223344556677", "BILL  Table 5", "2 x Paneer Tikka", "CGST 9% on Rs 922.50",
                          "Rs 83.03", "SGST 9%", "Rs 83.02", "Scan to pay by UPI",
                          "upi://pay?pa=spicegarden@okicici&pn=Spice%20Garden%20%28demo%29&am=1088.55&cu=INR&tn=Table%205%20bill"] {
                #expect(text.contains(words), "\(words)")
            }
            #expect(bill.starts(with: [0x1B, 0x40]) && bill.suffix(4) == [0x1D, 0x56, 0x42, 0x04])
            #expect(kitchen.tickets.withLock { $0.count } == 1, "the bill is not a kitchen ticket")

            let upi = try await client.call(.get, "/api/sessions/\(sessionId)/upi", token: guest.token)
            #expect((upi["uri"] as? String)?.hasSuffix("am=1088.55&cu=INR&tn=Table%205%20bill") == true, "\(upi.text)")
            #expect((upi["svg"] as? String)?.hasPrefix("<svg") == true)

            // Paid: the tax invoice prints with its number and SAC.
            #expect(try await client.call(.patch, "/api/payments/\(placed.order["id"] as! String)/cash", token: waiter, json: ["amount_received": 1100]).status == .ok)
            #expect(try await client.call(.get, "/api/sessions/\(sessionId)/upi", token: guest.token).errorCode == "NOTHING_DUE")
            #expect(try await client.call(.post, "/api/sessions/\(sessionId)/invoice/print", token: waiter).status == .accepted)
            let invoice = String(decoding: try await counter.waitForTickets(2)[1], as: UTF8.self)
            for words in ["TAX INVOICE", "SAC 996331", "INV/", "Taxable value", "Rs 922.50", "TOTAL", "Rs 1,088.55", "Paid by CASH"] {
                #expect(invoice.contains(words), "\(words)")
            }

            // The day closed, its Z report printed.
            _ = try await client.call(.post, "/api/day/close", token: manager, json: [
                "opening_float": 0, "counted_cash": 1088.55, "carry_over": [try #require(try await client.call(.get, "/api/day", token: manager)
                    .json["report"].flatMap { ($0 as? [String: Any])?["open_bills"] as? [[String: Any]] }?.first?["session_id"] as? String)],
            ])
            #expect(try await client.call(.post, "/api/day/print", token: manager).status == .accepted)
            let z = String(decoding: try await counter.waitForTickets(3)[2], as: UTF8.self)
            for words in ["Z REPORT No. 1", "Sales", "CASH", "Expected cash", "Counted cash", "Variance", "Closed by manager1"] {
                #expect(z.contains(words), "\(words)")
            }
        }
    }

    @Test("The Z report prints byte for byte: the title, sales, GST, each method, cash in and out, a cancellation and the cash count")
    func zReportBytes() async throws {
        // 2026-12-02 19:30 in Kolkata.
        let clock = MovingClock(Date(timeIntervalSince1970: 1_796_220_000))
        let box = try await TestBox.make(clock: clock.wallClock)
        let counter = try TestPrinter()
        try counter.switchOn()
        defer { counter.switchOff() }
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let guest = try await client.loginGuest(box)
            #expect(try await client.call(.post, "/api/printers", token: manager, json: [
                "name": "Counter", "host": "127.0.0.1", "port": counter.port, "role": "RECEIPT",
            ]).status == .created)
            func order(_ table: String, _ quantity: Int) async throws -> String {
                let placed = try await client.placeOrder(token: guest.token, table: table, items: [["menu_item_id": "item_005", "quantity": quantity]])
                return try #require(placed.order["id"] as? String, "\(placed.text)")
            }
            // ₹59 in cash, ₹118 by UPI, ₹59 cancelled; ₹200 out for milk; counted ₹10 short of ₹1,859.
            #expect(try await client.call(.patch, "/api/payments/\(try await order("tbl-001", 1))/cash", token: manager, json: ["amount_received": 100]).status == .ok)
            #expect(try await client.call(.post, "/api/payments/\(try await order("tbl-002", 2))/counter", token: manager,
                                          json: ["method": "UPI", "reference": "612345678901"]).status == .ok)
            #expect(try await client.call(.patch, "/api/orders/\(try await order("tbl-003", 1))/status", token: manager,
                                          json: ["status": "CANCELLED", "notes": "Left early"]).status == .ok)
            #expect(try await client.call(.post, "/api/day/cash-movements", token: manager,
                                          json: ["direction": "OUT", "amount": 200, "reason": "Milk"]).status == .created)
            let closed = try await client.call(.post, "/api/day/close", token: manager,
                                               json: ["opening_float": 2000, "counted_cash": 1849, "variance_reason": "Change miscounted"])
            #expect(closed.status == .created, "\(closed.text)")
            #expect(try await client.call(.post, "/api/day/print", token: manager).status == .accepted)
            let printed = try #require(try await counter.waitForTickets(1).first)
            // ESC/POS as the printer's manual gives it: ESC @ initialise, ESC a n align, ESC ! n print mode,
            // ESC E n bold, GS V 66 n feed and cut; 48 columns of Font A on 80 mm paper.
            let (initialise, centre, left) = ([0x1B, 0x40] as [UInt8], [0x1B, 0x61, 0x01] as [UInt8], [0x1B, 0x61, 0x00] as [UInt8])
            let (large, normal, bold, plain) = ([0x1B, 0x21, 0x30] as [UInt8], [0x1B, 0x21, 0x00] as [UInt8], [0x1B, 0x45, 0x01] as [UInt8], [0x1B, 0x45, 0x00] as [UInt8])
            func line(_ text: String) -> [UInt8] { Array(text.utf8) + [0x0A] }
            let rule = line(String(repeating: "-", count: 48))
            var expected = initialise + centre + large + line("Spice Garden (demo)") + normal + left
            expected += centre + line("Z REPORT No. 1") + left + centre + line("2026-12-02") + left + rule
            expected += line("Orders 2") + bold + Array("Sales                                  Rs 177.00".utf8) + plain + [0x0A]
            expected += line("GST 18% on Rs 150.00                    Rs 27.00")
            expected += line("Discounts: rules                         Rs 0.00") + line("Discounts: model                         Rs 0.00") + rule
            expected += line("CASH                                    Rs 59.00") + line("UPI                                    Rs 118.00")
            expected += line("Cash in                                  Rs 0.00") + line("Cash out                               Rs 200.00")
            expected += line("Cancelled #3 T3 Rs 59.00 manager1: Left early") + rule
            expected += line("Opening float                        Rs 2,000.00") + line("Expected cash                        Rs 1,859.00")
            expected += line("Counted cash                         Rs 1,849.00")
            expected += bold + Array("Variance                               -Rs 10.00".utf8) + plain + [0x0A]
            expected += line("Why: Change miscounted") + line("Closed by manager1") + [0x1D, 0x56, 0x42, 0x04]
            #expect(printed == expected, "\(String(decoding: printed, as: UTF8.self))")
        }
    }
}
