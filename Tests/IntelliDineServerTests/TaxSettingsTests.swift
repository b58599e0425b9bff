import Foundation
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

/// The restaurant's tax and bill settings through the real server (docs/tax.md): the figures on
/// orders, the table's bill, its split parts and the GST invoice, to the paisa.
@Suite("Tax settings: GST rate, tax classes, tax-inclusive prices, service charge and round-off")
struct TaxSettingsTests {
    @Test("At 5 % with round-off, an order, the table's bill, its split parts and the invoice agree to the paisa; an order placed at 18 % before the change keeps 18 %")
    func fivePercentWithRoundOff() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let waiter = try await client.loginStaff("waiter1")
            let guest = try await client.loginGuest(box)
            // Before the change: a Garlic Naan at 18 %, ₹50 + ₹9.
            let before = try await client.placeOrder(token: guest.token, items: [["menu_item_id": "item_005", "quantity": 1]])
            #expect(rupees(before.order["total"]) == "59.0" && rupees(before.order["gst_rate"]) == "18.0")
            let sessionId = try #require(before.order["table_session_id"] as? String)

            let saved = try await client.call(.patch, "/api/restaurant", token: manager, json: ["gst_rate": 5, "round_off": true])
            #expect(saved.status == .ok, "\(saved.text)")
            let settings = try #require(saved["restaurant"] as? [String: Any])
            #expect(rupees(settings["gst_rate"]) == "5.0" && settings["round_off"] as? Bool == true)

            // 2 Paneer Tikka and 3 Garlic Naan: ₹710 + 5 % = ₹745.50, rounded to ₹746.
            let after = try await client.placeOrder(
                token: guest.token, items: [["menu_item_id": "item_001", "quantity": 2], ["menu_item_id": "item_005", "quantity": 3]])
            #expect(after.status == .created, "\(after.text)")
            #expect(rupees(after.order["subtotal"]) == "710.0")
            #expect(rupees(after.order["cgst"]) == "17.75" && rupees(after.order["sgst"]) == "17.75")
            #expect(rupees(after.order["round_off"]) == "0.5")
            #expect(rupees(after.order["total"]) == "746.0")
            #expect(rupees(after.order["gst_rate"]) == "5.0")
            // The first order still says what it was placed with.
            let first = try await client.call(.get, "/api/orders/\(before.order["id"] as! String)", token: manager)
            #expect(rupees((first["order"] as? [String: Any])?["gst_rate"]) == "18.0")
            #expect(rupees((first["order"] as? [String: Any])?["total"]) == "59.0")

            // The table's bill: GST at each rate, the round-off as its own line, ₹805 in all.
            let bill = try #require(try await client.call(.get, "/api/sessions/\(sessionId)", token: waiter)["session"] as? [String: Any])
            let taxes = try #require(bill["taxes"] as? [[String: Any]])
            #expect(taxes.map { rupees($0["rate"]) } == ["5.0", "18.0"])
            #expect(rupees(taxes[0]["taxable_value"]) == "710.0" && rupees(taxes[0]["cgst"]) == "17.75")
            #expect(rupees(taxes[1]["taxable_value"]) == "50.0" && rupees(taxes[1]["cgst"]) == "4.5")
            #expect(rupees(bill["round_off"]) == "0.5")
            #expect(rupees(bill["total"]) == "805.0" && rupees(bill["due"]) == "805.0")

            // Split in two: ₹402.50 each; both paid in cash settle the bill exactly.
            let split = try await client.call(.post, "/api/sessions/\(sessionId)/split", token: waiter, json: ["mode": "equal", "parts": 2])
            let parts = try #require((split["session"] as? [String: Any])?["parts"] as? [[String: Any]])
            #expect(parts.map { rupees($0["amount"]) } == ["402.5", "402.5"])
            for part in parts {
                let paid = try await client.call(
                    .post, "/api/sessions/\(sessionId)/parts/\(part["id"] as! String)/cash", token: waiter, json: ["amount_received": 500])
                #expect(paid.status == .ok, "\(paid.text)")
                #expect(rupees(paid["change"]) == "97.5")
            }

            // The invoice: both rates, no single CGST rate, the round-off, and the total paid.
            let answer = try await client.call(.get, "/api/sessions/\(sessionId)/invoice", token: manager)
            let invoice = try #require(answer["invoice"] as? [String: Any])
            #expect(rupees(invoice["taxable_value"]) == "760.0")
            #expect(rupees(invoice["cgst"]) == "22.25" && rupees(invoice["sgst"]) == "22.25")
            #expect(invoice["cgst_rate"] == nil)
            #expect((invoice["taxes"] as? [[String: Any]])?.count == 2)
            #expect(rupees(invoice["round_off"]) == "0.5")
            #expect(rupees(invoice["total"]) == "805.0")

            // The day's analytics count what guests paid, round-off included.
            let today = try await client.call(.get, "/api/analytics/summary", token: manager)
            #expect(rupees(today["total_revenue"]) == "805.0", "\(today.text)")
            #expect(rupees(today["gst"]) == "44.5" && rupees(today["round_off"]) == "0.5")
            #expect((today["taxes"] as? [[String: Any]])?.map { rupees($0["rate"]) } == ["5.0", "18.0"])
        }
    }

    @Test("With prices that include 5 % GST the guest pays the menu price; the service charge is added only when the guest asks for it, and taxed")
    func inclusivePricesAndServiceCharge() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let saved = try await client.call(
                .patch, "/api/restaurant", token: manager, json: ["gst_rate": 5, "prices_include_tax": true, "service_charge_percentage": 10])
            #expect(saved.status == .ok, "\(saved.text)")
            let guest = try await client.loginGuest(box)
            // ₹280 includes ₹266.67 of food and ₹13.33 of GST.
            let plain = try await client.placeOrder(token: guest.token, items: [["menu_item_id": "item_001", "quantity": 1]])
            #expect(rupees(plain.order["total"]) == "280.0")
            #expect(rupees(plain.order["taxable_value"]) == "266.67")
            #expect(rupees(plain.order["gst"]) == "13.33")
            #expect(rupees(plain.order["service_charge"]) == "0.0")
            #expect(plain.order["prices_include_tax"] as? Bool == true)
            // Asked for: 10 % of ₹266.67 = ₹26.67, plus its 5 % GST of ₹1.33.
            let tipped = try await client.placeOrder(
                token: guest.token, items: [["menu_item_id": "item_001", "quantity": 1]], serviceCharge: true)
            #expect(rupees(tipped.order["service_charge"]) == "26.67")
            #expect(rupees(tipped.order["gst"]) == "14.66")
            #expect(rupees(tipped.order["total"]) == "308.0")
            let quote = try await client.call(
                .post, "/api/orders/quote?tenant_id=\(demoTenant)", token: guest.token,
                json: ["table_id": "tbl-005", "items": [["menu_item_id": "item_001", "quantity": 1]], "service_charge": true])
            #expect(rupees(quote["total"]) == "308.0" && rupees(quote["service_charge_percentage"]) == "10.0", "\(quote.text)")

            // Both at one table, split in two and paid: ₹294 each, and the invoice adds the orders up as placed.
            let sessionId = try #require(plain.order["table_session_id"] as? String)
            #expect(tipped.order["table_session_id"] as? String == sessionId)
            let waiter = try await client.loginStaff("waiter1")
            let split = try await client.call(.post, "/api/sessions/\(sessionId)/split", token: waiter, json: ["mode": "equal", "parts": 2])
            let parts = try #require((split["session"] as? [String: Any])?["parts"] as? [[String: Any]])
            #expect(parts.map { rupees($0["amount"]) } == ["294.0", "294.0"])
            for part in parts {
                #expect(try await client.call(.post, "/api/sessions/\(sessionId)/parts/\(part["id"] as! String)/cash", token: waiter,
                                              json: ["amount_received": 300]).status == .ok)
            }
            let invoice = try #require(try await client.call(.get, "/api/sessions/\(sessionId)/invoice", token: waiter)["invoice"] as? [String: Any])
            #expect(rupees(invoice["taxable_value"]) == "560.01")
            #expect(rupees(invoice["cgst"]) == "14.0" && rupees(invoice["sgst"]) == "13.99")
            #expect(rupees(invoice["service_charge"]) == "26.67" && rupees(invoice["total"]) == "588.0")
            #expect(rupees(invoice["cgst_rate"]) == "2.5")
        }
    }

    @Test("A dish in an 18 % class beside 5 % food is taxed at its own rate; a class with dishes cannot be removed; rates off the GST slabs are refused")
    func taxClasses() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let refused: [([String: Any], String)] = [
                (["gst_rate": 7], "GST rate"), (["service_charge_percentage": 25], "service charge"),
                (["tax_classes": [["id": "packaged", "name": "Packaged drinks", "rate": 3]]], "rate"),
                (["tax_classes": [["id": "Packaged Drinks!", "name": "Packaged drinks", "rate": 18]]], "Tax class ids"),
            ]
            for (body, word) in refused {
                let answer = try await client.call(.patch, "/api/restaurant", token: manager, json: body)
                #expect(answer.status == .unprocessableContent, "\(body): \(answer.text)")
                #expect((answer.error?["message"] as? String)?.contains(word) == true, "\(answer.text)")
            }
            let saved = try await client.call(.patch, "/api/restaurant", token: manager, json: [
                "gst_rate": 5, "tax_classes": [["id": "packaged", "name": "Packaged drinks", "rate": 18]],
            ])
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(try await client.call(.patch, "/api/menu/items/item_006", token: manager, json: ["tax_class_id": "nope"]).errorCode == "TAX_CLASS_NOT_FOUND")
            let moved = try await client.call(.patch, "/api/menu/items/item_006", token: manager, json: ["tax_class_id": "packaged"])
            #expect((moved["item"] as? [String: Any])?["tax_class_id"] as? String == "packaged", "\(moved.text)")

            let guest = try await client.loginGuest(box)
            let order = try await client.placeOrder(
                token: guest.token, items: [["menu_item_id": "item_001", "quantity": 1], ["menu_item_id": "item_006", "quantity": 1]])
            #expect(order.status == .created, "\(order.text)")
            let taxes = try #require(order.order["taxes"] as? [[String: Any]])
            #expect(taxes.map { rupees($0["rate"]) } == ["5.0", "18.0"])
            #expect(rupees(taxes[0]["taxable_value"]) == "280.0" && rupees(taxes[0]["cgst"]) == "7.0")
            let price = try #require((try await box.database.fullMenu(tenantId: demoTenant)).items.first { $0.id == "item_006" }?.pricePaise)
            #expect(rupees(taxes[1]["taxable_value"]).flatMap { Decimal(string: $0) } == Decimal(price) / 100)

            let removing = try await client.call(.patch, "/api/restaurant", token: manager, json: ["tax_classes": [] as [Any]])
            #expect(removing.errorCode == "TAX_CLASS_IN_USE", "\(removing.text)")
            _ = try await client.call(.patch, "/api/menu/items/item_006", token: manager, json: ["tax_class_id": ""])
            #expect(try await client.call(.patch, "/api/restaurant", token: manager, json: ["tax_classes": [] as [Any]]).status == .ok)
        }
    }
}
