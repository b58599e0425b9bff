import Foundation
import GRDB
import HummingbirdTesting
import IntelliDineDomain
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("Portions and add-ons: priced and checked by the server, on the kitchen's ticket, scaling the stock")
struct CustomizationTests {
    func line(_ item: String, _ quantity: Int = 1, variant: String? = nil, options: [String]? = nil, unitPrice: Double? = nil) -> [String: Any] {
        var line: [String: Any] = ["menu_item_id": item, "quantity": quantity]
        if let variant { line["variant_id"] = variant }
        if let options { line["options"] = options }
        if let unitPrice { line["unit_price"] = unitPrice }
        return line
    }

    @Test("Half plate with a required spice level, extras priced on top; a missing choice, too many, an unknown one or a wrong price is refused")
    func pricedAndValidated() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            // The menu shows what can be chosen.
            let menu = try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)", token: guest.token)
            let chicken65 = try #require((menu["items"] as? [[String: Any]])?.first { $0["id"] as? String == "item_002" })
            #expect((chicken65["variants"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Half plate", "Full plate"])
            let spice = try #require((chicken65["option_groups"] as? [[String: Any]])?.first)
            #expect(spice["required"] as? Bool == true && spice["max_choices"] as? Int == 1)
            let paneer = try #require((menu["items"] as? [[String: Any]])?.first { $0["id"] as? String == "item_001" })
            #expect(paneer["variants"] == nil && paneer["option_groups"] == nil)

            let stockBefore = try await box.database.pool.read { try Int.fetchOne($0, sql: "SELECT reserved_quantity FROM ingredients WHERE id = 'ing-chicken'")! }
            let placed = try await client.placeOrder(token: guest.token, items: [
                line("item_002", 2, variant: "half", options: ["hot"], unitPrice: 150),
                line("item_004", 1, options: ["extra-cheese", "extra-butter"]),
            ])
            #expect(placed.status == .created, "\(placed.text)")
            let items = try #require(placed.order["items"] as? [[String: Any]])
            #expect(rupees(items[0]["unit_price"]) == "150.0")
            #expect(items[0]["variant"] as? String == "Half plate")
            #expect((items[0]["options"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Hot"])
            // ₹350 + ₹30 + ₹30.
            #expect(rupees(items[1]["unit_price"]) == "410.0")
            #expect((items[1]["options"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Extra butter", "Extra cheese"])
            // Two half plates of Chicken 65 take 200 g of chicken (half of 2 × 200 g); the Butter Chicken 200 g.
            let stockAfter = try await box.database.pool.read { try Int.fetchOne($0, sql: "SELECT reserved_quantity FROM ingredients WHERE id = 'ing-chicken'")! }
            #expect(stockAfter - stockBefore == 400)
            // No portion named: the default, the full plate, at its own price.
            let full = try await client.placeOrder(token: guest.token, items: [line("item_002", options: ["mild"])])
            #expect(rupees((full.order["items"] as? [[String: Any]])?.first?["unit_price"]) == "260.0")

            let missing = try await client.placeOrder(token: guest.token, items: [line("item_002", variant: "half")])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.errorCode == "CHOICE_REQUIRED")
            #expect(missing.error?["message"] as? String == "Chicken 65: choose a Spice level")
            #expect(try await client.placeOrder(token: guest.token, items: [line("item_002", options: ["hot", "mild"])]).errorCode == "TOO_MANY_CHOICES")
            #expect(try await client.placeOrder(token: guest.token, items: [line("item_002", options: ["hot", "hot"])]).errorCode == "DUPLICATE_OPTION")
            #expect(try await client.placeOrder(token: guest.token, items: [line("item_002", options: ["extra-cheese"])]).errorCode == "UNKNOWN_OPTION")
            #expect(try await client.placeOrder(token: guest.token, items: [line("item_002", variant: "jumbo", options: ["hot"])]).errorCode == "UNKNOWN_PORTION")
            #expect(try await client.placeOrder(token: guest.token, items: [line("item_001", options: ["hot"])]).errorCode == "UNKNOWN_OPTION")
            // The client's idea of the price is checked, never used.
            let cheap = try await client.placeOrder(token: guest.token, items: [line("item_002", variant: "half", options: ["hot"], unitPrice: 1)])
            #expect(cheap.status == .conflict)
            #expect(cheap.errorCode == "PRICE_CHANGED")
            #expect(try await client.placeOrder(token: guest.token, items: [line("item_001", 2, unitPrice: 280)]).status == .created)

            // The kitchen's ticket carries the portion and the choices; a quote prices exactly like an order.
            let kitchen = try await client.loginStaff("kitchen_staff1")
            let orderId = try #require(placed.order["id"] as? String)
            let seen = try await client.call(.get, "/api/orders/\(orderId)", token: kitchen)
            #expect((seen.order["items"] as? [[String: Any]])?.first?["variant"] as? String == "Half plate")
            let quote = try await client.call(
                .post, "/api/orders/quote?tenant_id=\(demoTenant)", token: guest.token,
                json: ["table_id": "tbl-005", "items": [line("item_004", 1, options: ["extra-cheese"])]])
            #expect(rupees(quote["subtotal"]) == "380.0", "\(quote.text)")
            // And the order.created event the kitchen display and the cloud read.
            let payload = try await box.database.pool.read {
                try String.fetchOne($0, sql: "SELECT payload FROM events WHERE type = 'order.created' AND aggregate_id = ?", arguments: [orderId])!
            }
            #expect(payload.contains(#""variant":"Half plate""#))
            #expect(payload.contains(#""round":1"#))
        }
    }

    @Test("A manager sets an item's portions and add-ons; nonsense is refused with a clear message; guests order them at once")
    func managerSetsThem() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let waiter = try await client.loginStaff("waiter1")
            let body: [String: Any] = [
                "variants": [
                    ["id": "half", "name": "Half plate", "price": 160, "portion_percent": 50],
                    ["id": "full", "name": "Full plate", "price": 280, "is_default": true],
                ],
                "option_groups": [["id": "extras", "name": "Extras", "max_choices": 2, "options": [["id": "mint", "name": "Mint chutney", "price": 20]]]],
            ]
            #expect(try await client.call(.put, "/api/menu/items/item_001/customization", token: waiter, json: body).status == .forbidden)
            let set = try await client.call(.put, "/api/menu/items/item_001/customization", token: manager, json: body)
            #expect(set.status == .unprocessableContent, "max_choices 2 with one option cannot be met")
            #expect((set.error?["message"] as? String ?? "").contains("max_choices"))
            var fixed = body
            fixed["option_groups"] = [["id": "extras", "name": "Extras", "max_choices": 1, "options": [["id": "mint", "name": "Mint chutney", "price": 20]]]]
            let saved = try await client.call(.put, "/api/menu/items/item_001/customization", token: manager, json: fixed)
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(((saved["item"] as? [String: Any])?["variants"] as? [[String: Any]])?.count == 2)
            #expect(try await client.call(.put, "/api/menu/items/nope/customization", token: manager, json: fixed).status == .notFound)
            // A portion so large its basis points would overflow is refused like any other out of range.
            let overflowing = try await client.call(.put, "/api/menu/items/item_001/customization", token: manager, json: [
                "variants": [["id": "big", "name": "Big", "price": 1, "portion_percent": 92_233_720_368_547_759, "is_default": true]]])
            #expect(overflowing.status == .unprocessableContent, "\(overflowing.text)")
            #expect(try await client.call(.put, "/api/menu/items/item_001/customization", token: manager, json: [
                "variants": [["id": "a", "name": "A", "price": 1, "is_default": true], ["id": "b", "name": "B", "price": 2, "is_default": true]],
            ]).status == .unprocessableContent)

            let guest = try await client.loginGuest(box)
            let placed = try await client.placeOrder(token: guest.token, items: [line("item_001", 1, variant: "half", options: ["mint"])])
            #expect(placed.status == .created, "\(placed.text)")
            #expect(rupees((placed.order["items"] as? [[String: Any]])?.first?["unit_price"]) == "180.0")
            // Removing them all brings the plain dish back at its own price.
            #expect(try await client.call(.put, "/api/menu/items/item_001/customization", token: manager, json: [String: Any]()).status == .ok)
            let plain = try await client.placeOrder(token: guest.token, items: [line("item_001")])
            #expect(rupees((plain.order["items"] as? [[String: Any]])?.first?["unit_price"]) == "280.0")
        }
    }
}
