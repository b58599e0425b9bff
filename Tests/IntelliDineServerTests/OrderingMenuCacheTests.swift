import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

/// Placing an order prices it from a per-restaurant copy of the menu, the discount rules and the
/// tax classes, and reserves stock by the copy's recipes (`OrderingMenuCache`). Each of the manager's changes must reach the very next
/// quote and order, with nothing read in between to refresh the copy.
@Suite("The ordering menu follows the manager's changes at once")
struct OrderingMenuCacheTests {
    @Test("A price, a discount rule, a tax class, a new portion and a hidden category each show in the next quote and order")
    func followsEachChange() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let guest = try await client.loginGuest(box)
            func quote(_ line: [String: Any] = ["menu_item_id": "item_001", "quantity": 1]) async throws -> JSONResponse {
                try await client.call(
                    .post, "/api/orders/quote?tenant_id=\(demoTenant)", token: guest.token, json: ["table_id": "tbl-005", "items": [line]])
            }
            func line(_ answer: JSONResponse) -> [String: Any] { (answer["items"] as? [[String: Any]])?.first ?? [:] }

            // Priced once: the copy is made.
            let first = try await quote()
            #expect(rupees(line(first)["unit_price"]) == "280.0", "\(first.text)")

            #expect(try await client.call(.patch, "/api/menu/items/item_001", token: manager, json: ["price": 300]).status == .ok)
            #expect(rupees(line(try await quote())["unit_price"]) == "300.0")

            let rule = try await client.call(
                .put, "/api/discounts/rules/rule-cache", token: manager,
                json: ["menu_item_id": "item_001", "discount_percentage": 10, "reason": "Chef's special", "confidence": 0.9])
            #expect(rule.status == .ok, "\(rule.text)")
            let discounted = line(try await quote())
            #expect(rupees(discounted["discounted_unit_price"]) == "270.0" && discounted["discount_reason"] as? String == "Chef's special")
            let placed = try await client.placeOrder(token: guest.token, items: [["menu_item_id": "item_001", "quantity": 1]])
            #expect(rupees((placed.order["items"] as? [[String: Any]])?.first?["discounted_unit_price"]) == "270.0", "\(placed.text)")
            #expect(try await client.call(.delete, "/api/discounts/rules/rule-cache", token: manager).status == .noContent)
            #expect(rupees(line(try await quote())["discounted_unit_price"]) == "300.0")

            // A tax class of its own: 18 % on this dish instead of the restaurant's 5 %.
            let settings = try await client.call(
                .patch, "/api/restaurant", token: manager, json: ["gst_rate": 5, "tax_classes": [["id": "luxury", "name": "Luxury", "rate": 18]]])
            #expect(settings.status == .ok, "\(settings.text)")
            #expect(rupees(try await quote()["gst"]) == "15.0")
            #expect(try await client.call(.patch, "/api/menu/items/item_001", token: manager, json: ["tax_class_id": "luxury"]).status == .ok)
            #expect(rupees(try await quote()["gst"]) == "54.0")

            // A portion added to the dish can be ordered at once.
            let half = ["menu_item_id": "item_001", "quantity": 1, "variant_id": "half"] as [String: Any]
            #expect(try await quote(half).errorCode == "UNKNOWN_PORTION")
            let portions = try await client.call(
                .put, "/api/menu/items/item_001/customization", token: manager,
                json: ["variants": [["id": "full", "name": "Full plate", "price": 300, "is_default": true], ["id": "half", "name": "Half plate", "price": 170, "portion_percent": 50]]])
            #expect(portions.status == .ok, "\(portions.text)")
            #expect(rupees(line(try await quote(half))["unit_price"]) == "170.0")

            // Its category hidden: it cannot be ordered any more.
            #expect(try await client.call(.patch, "/api/menu/categories/cat-1", token: manager, json: ["is_hidden": true]).status == .ok)
            #expect(try await quote().errorCode == "MENU_ITEM_NOT_FOUND")
            #expect(try await client.placeOrder(token: guest.token, items: [["menu_item_id": "item_001", "quantity": 1]]).errorCode == "MENU_ITEM_NOT_FOUND")
        }
    }

    @Test("A recipe changed after the copy is made: the next order reserves by the new one, and its larger portion sells the dish out in time")
    func followsRecipes() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let guest = try await client.loginGuest(box)
            let made = try await client.call(.post, "/api/inventory/ingredients", token: manager, json: [
                "id": "ing-mustard", "name": "Mustard greens", "unit": "g", "stock": 1000, "par_level": 2000,
            ])
            #expect(made.status == .created, "\(made.text)")
            func setRecipe(grams: Int) async throws {
                let set = try await client.call(.put, "/api/menu/items/item_001/recipe", token: manager, json: [
                    "lines": [["ingredient_id": "ing-mustard", "quantity": grams]],
                ])
                #expect(set.status == .ok, "\(set.text)")
            }
            func order() async throws -> JSONResponse {
                try await client.placeOrder(token: guest.token, items: [["menu_item_id": "item_001", "quantity": 1]])
            }
            func reserved() async throws -> Int {
                try await box.database.pool.read { db in
                    try Int.fetchOne(db, sql: "SELECT reserved_quantity FROM ingredients WHERE id = 'ing-mustard'")!
                }
            }

            try await setRecipe(grams: 100)
            #expect(try await order().status == .created)
            #expect(try await reserved() == 100)
            // The copy now holds 100 g; the manager makes it 400 g.
            try await setRecipe(grams: 400)
            #expect(try await order().status == .created)
            #expect(try await reserved() == 500)
            // 500 g left covers this order, and leaves 100 g: less than the new portion, so the dish is
            // sold out at once. By the old recipe's 100 g it would still be on the menu.
            #expect(try await order().status == .created)
            #expect(try await reserved() == 900)
            #expect(try await client.isAvailable("item_001") == false)
            #expect(try await order().errorCode == "ITEM_UNAVAILABLE")
        }
    }
}
