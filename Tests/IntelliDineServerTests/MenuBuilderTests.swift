import Foundation
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

/// The menu builder's rules through the real server: categories added, hidden and deleted, dishes
/// added and deleted, and each bad value refused with nothing written.
@Suite("Menu builder: categories and dishes, and what is refused")
struct MenuBuilderTests {
    @Test("A manager adds a category and a dish; a hidden category leaves the guest menu but keeps its dishes; an empty category can be deleted, one with dishes cannot")
    func categoriesAndDishes() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let category = try await client.call(.post, "/api/menu/categories", token: manager, json: ["id": "winter", "name": "Winter specials", "display_order": 9])
            #expect(category.status == .created, "\(category.text)")
            let dish = try await client.call(.post, "/api/menu/items", token: manager, json: [
                "id": "sarson", "category_id": "winter", "name": "Sarson da Saag", "price": 260, "diet": "veg", "spice_level": 2,
                "name_hi": "सरसों का साग", "description": "Mustard greens, makki roti",
            ])
            #expect(dish.status == .created, "\(dish.text)")
            #expect((dish["item"] as? [String: Any])?["spice_level"] as? Int == 2)
            func guestMenu() async throws -> (categories: [String], items: [String]) {
                let menu = try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)")
                return ((menu["categories"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String },
                        (menu["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
            }
            #expect(try await guestMenu().items.contains("sarson"))

            // Hidden: gone from the guest's menu, still in the manager's, and it cannot be ordered.
            let hidden = try await client.call(.patch, "/api/menu/categories/winter", token: manager, json: ["is_hidden": true])
            #expect((hidden["category"] as? [String: Any])?["is_hidden"] as? Bool == true)
            let shown = try await guestMenu()
            #expect(!shown.categories.contains("winter") && !shown.items.contains("sarson"))
            let managed = try await client.call(.get, "/api/menu/manage", token: manager)
            #expect((managed["items"] as? [[String: Any]])?.contains { $0["id"] as? String == "sarson" } == true)
            let guest = try await client.loginGuest(box)
            #expect(try await client.placeOrder(token: guest.token, items: [["menu_item_id": "sarson", "quantity": 1]]).errorCode == "MENU_ITEM_NOT_FOUND")

            // A category with a dish cannot be deleted; once the dish is deleted, it can.
            let refused = try await client.call(.delete, "/api/menu/categories/winter", token: manager)
            #expect(refused.errorCode == "CATEGORY_NOT_EMPTY", "\(refused.text)")
            #expect((refused.error?["message"] as? String)?.contains("Winter specials") == true)
            #expect(try await client.call(.delete, "/api/menu/items/sarson", token: manager).status == .ok)
            #expect(try await client.call(.delete, "/api/menu/categories/winter", token: manager).status == .ok)
            #expect(try await client.call(.patch, "/api/menu/categories/winter", token: manager, json: ["name": "Back"]).errorCode == "CATEGORY_NOT_FOUND")
            // No dish can be put into the deleted category, where no menu would show it.
            let intoDeleted = try await client.call(.post, "/api/menu/items", token: manager, json: ["name": "Gajar halwa", "price": 120, "category_id": "winter"])
            #expect(intoDeleted.errorCode == "CATEGORY_NOT_FOUND", "\(intoDeleted.text)")
            #expect(try await client.call(.patch, "/api/menu/items/item_001", token: manager, json: ["category_id": "winter"]).errorCode == "CATEGORY_NOT_FOUND")
            // Staff other than managers cannot change the menu.
            let waiter = try await client.loginStaff("waiter1")
            #expect(try await client.call(.post, "/api/menu/categories", token: waiter, json: ["name": "Mine"]).status == .forbidden)
        }
    }

    @Test("A price of zero, below zero or over ₹1,00,000, a dish name already in its category, and an unknown spice level are refused, and nothing is written")
    func refusals() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let before = try await box.database.fullMenu(tenantId: demoTenant).items.count
            let paneer = try #require(try await box.database.fullMenu(tenantId: demoTenant).items.first { $0.id == "item_001" })
            let bad: [([String: Any], String)] = [
                (["price": 0], "price"), (["price": -5], "price"), (["price": 100_000.01], "price"), (["spice_level": 7], "spice_level"),
            ]
            for (fields, word) in bad {
                var body: [String: Any] = ["category_id": paneer.categoryId, "name": "Something new", "price": 100]
                body.merge(fields) { $1 }
                let answer = try await client.call(.post, "/api/menu/items", token: manager, json: body)
                #expect(answer.status == .unprocessableContent, "\(fields): \(answer.text)")
                #expect((answer.error?["message"] as? String)?.contains(word) == true, "\(answer.text)")
            }
            // The same name in the same category, whatever its case and spacing.
            let twin = try await client.call(.post, "/api/menu/items", token: manager, json: [
                "category_id": paneer.categoryId, "name": "  \(paneer.name.uppercased()) ", "price": 100,
            ])
            #expect(twin.errorCode == "DUPLICATE_NAME", "\(twin.text)")
            #expect(try await box.database.fullMenu(tenantId: demoTenant).items.count == before)
            // Renaming another dish to it is refused too.
            let other = try #require(try await box.database.fullMenu(tenantId: demoTenant).items.first { $0.categoryId == paneer.categoryId && $0.id != paneer.id })
            #expect(try await client.call(.patch, "/api/menu/items/\(other.id)", token: manager, json: ["name": paneer.name]).errorCode == "DUPLICATE_NAME")
            #expect(try await client.call(.patch, "/api/menu/items/\(paneer.id)", token: manager, json: ["price": 1_00_001]).status == .unprocessableContent)
            #expect(try await box.database.fullMenu(tenantId: demoTenant).items.first { $0.id == "item_001" }?.pricePaise == paneer.pricePaise)
        }
    }

    @Test("A recipe ties a dish to its ingredients: with too little stock the dish is sold out at once, and a delivery brings it back")
    func recipes() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let made = try await client.call(.post, "/api/inventory/ingredients", token: manager, json: [
                "id": "ing-mustard", "name": "Mustard greens", "unit": "g", "stock": 100, "par_level": 2000,
            ])
            #expect(made.status == .created, "\(made.text)")
            #expect(try await client.call(.post, "/api/inventory/ingredients", token: manager, json: [
                "id": "ing-mustard", "name": "Again", "unit": "g", "par_level": 10,
            ]).errorCode == "ALREADY_EXISTS")
            #expect(try await client.call(.post, "/api/inventory/ingredients", token: manager, json: [
                "name": "Ghee", "unit": "spoonfuls", "par_level": 10,
            ]).status == .unprocessableContent)
            #expect(try await client.call(.put, "/api/menu/items/item_001/recipe", token: manager, json: [
                "lines": [["ingredient_id": "ing-nowhere", "quantity": 10]],
            ]).errorCode == "INGREDIENT_NOT_FOUND")

            // 250 g a portion with 100 g in stock: sold out as soon as the recipe is saved.
            let set = try await client.call(.put, "/api/menu/items/item_001/recipe", token: manager, json: [
                "lines": [["ingredient_id": "ing-mustard", "quantity": 250]],
            ])
            #expect(set.status == .ok, "\(set.text)")
            #expect((set["lines"] as? [[String: Any]])?.first?["name"] as? String == "Mustard greens")
            #expect(try await client.isAvailable("item_001") == false)
            _ = try await client.call(.post, "/api/inventory/ingredients/ing-mustard/restock", token: manager, json: ["quantity": 5000])
            #expect(try await client.isAvailable("item_001") == true)
            let read = try await client.call(.get, "/api/menu/items/item_001/recipe", token: manager)
            #expect((read["lines"] as? [[String: Any]])?.map { $0["quantity"] as? Int } == [250])
        }
    }
}
