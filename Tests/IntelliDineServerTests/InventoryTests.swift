import Foundation
import Logging
import GRDB
import HummingbirdTesting
@testable import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("Inventory: reservations inside the order transaction")
struct InventoryTests {
    func flour(_ box: TestBox) async throws -> (stock: Int, reserved: Int) {
        try await box.database.pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT stock_quantity, reserved_quantity FROM ingredients WHERE id = 'ing-flour'")!
            return (row["stock_quantity"], row["reserved_quantity"])
        }
    }

    /// The dishes a guest can order now (sold-out ones are on the menu too, greyed).
    func menuIds(_ client: some TestClientProtocol, _ token: String) async throws -> Set<String> {
        let menu = try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)", token: token)
        return Set((menu["items"] as? [[String: Any]] ?? []).filter { $0["is_available"] as? Bool == true }.compactMap { $0["id"] as? String })
    }

    @Test("50 orders racing for the last 10 naans: exactly 10 succeed, stock never goes negative; 86 and un-86 show in the menu")
    func race() async throws {
        let box = try await TestBox.make()
        // Flour for exactly 10 Garlic Naan (60 g each).
        try await box.database.pool.write { db in try db.execute(sql: "UPDATE ingredients SET stock_quantity = 600 WHERE id = 'ing-flour'") }
        try await box.test(.ahc(.http)) { client in
            let waiter = try await client.loginStaff("waiter1")
            let manager = try await client.loginStaff("manager1")
            #expect(try await menuIds(client, waiter).contains("item_005"))
            // A guest's open menu is watching, with no token.
            let watching = try await StreamClient.watchMenu(client)
            let first = try #require(watching.received.first?["etag"] as? String)
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let answer = try await client.placeOrder(token: waiter, table: "tbl-00\(index % 9 + 1)", items: [["menu_item_id": "item_005", "quantity": 1]])
                        return (Int(answer.status.code), answer.errorCode)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == 201 }.count == 10)
            #expect(statuses.filter { $0.0 == 409 }.count == 40)
            #expect(Set(statuses.compactMap(\.1)).isSubset(of: ["OUT_OF_STOCK", "ITEM_UNAVAILABLE"]))
            let after = try await flour(box)
            #expect(after.stock == 600 && after.reserved == 600)

            // Naan and roti (40 g of flour) are off the menu; paneer is not. The open menu was told.
            try await watching.waitFor("the sold-out naan pushed to the open menu") {
                watching.received.contains { $0["type"] as? String == "menu" && $0["etag"] as? String != first }
            }
            let announced = try #require(watching.received.last?["etag"] as? String)
            let fetched = try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)")
            #expect(fetched.headers[.eTag] == announced)
            await watching.stop()
            let menu = try await menuIds(client, waiter)
            #expect(!menu.contains("item_005") && !menu.contains("item_006") && menu.contains("item_001"))
            let refused = try await client.placeOrder(token: waiter, table: "tbl-001", items: [["menu_item_id": "item_005", "quantity": 1]])
            #expect(refused.status == .conflict)

            let restocked = try await client.call(.post, "/api/inventory/ingredients/ing-flour/restock", token: manager, json: ["quantity": 5_000])
            #expect(restocked.status == .ok)
            #expect((restocked["ingredient"] as? [String: Any])?["available"] as? Int == 5_000)
            #expect(try await menuIds(client, waiter).isSuperset(of: ["item_005", "item_006"]))
            #expect(try await client.call(.post, "/api/inventory/ingredients/ing-flour/restock", token: waiter, json: ["quantity": 1]).status == .forbidden)
            #expect(try await client.call(.post, "/api/inventory/ingredients/ing-gold/restock", token: manager, json: ["quantity": 1]).status == .notFound)
        }
    }

    @Test("An order whose second ingredient is short is refused whole: the first ingredient's reservation is undone, nothing is stored")
    func shortSecondIngredient() async throws {
        let box = try await TestBox.make()
        // Paneer for less than one Paneer Tikka (150 g); flour (sorted first) is plentiful.
        try await box.database.pool.write { db in try db.execute(sql: "UPDATE ingredients SET stock_quantity = 100 WHERE id = 'ing-paneer'") }
        try await box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            let before = try await flour(box)
            let refused = try await client.placeOrder(
                token: waiter, items: [["menu_item_id": "item_005", "quantity": 2], ["menu_item_id": "item_001", "quantity": 1]])
            #expect(refused.status == .conflict && refused.errorCode == "OUT_OF_STOCK", "\(refused.text)")
            #expect((refused.error?["message"] as? String ?? "").contains("Paneer Tikka"), "\(refused.text)")
            let after = try await flour(box)
            #expect(after.reserved == before.reserved)
            let stored = try await box.database.pool.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM order_reservations")!,
                 try Int.fetchOne(db, sql: "SELECT reserved_quantity FROM ingredients WHERE id = 'ing-paneer'")!)
            }
            #expect(stored == (0, 0, 0))

            // The naan alone reserves its flour: 60 g each.
            let placed = try await client.placeOrder(token: waiter, items: [["menu_item_id": "item_005", "quantity": 2]])
            #expect(placed.status == .created, "\(placed.text)")
            #expect(try await flour(box).reserved == before.reserved + 120)
        }
    }

    @Test("Serving consumes the reservation, cancelling releases it; falling under the line logs inventory.low_stock")
    func lifecycle() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            let cook = try await client.loginStaff("kitchen_staff1")
            let manager = try await client.loginStaff("manager1")
            func order(_ naans: Int) async throws -> String {
                let placed = try await client.placeOrder(token: waiter, table: "tbl-001", items: [["menu_item_id": "item_005", "quantity": naans]])
                return try #require(placed.order["id"] as? String)
            }
            let start = try await flour(box)
            let served = try await order(3)
            let cancelled = try await order(2)
            #expect(try await flour(box) == (start.stock, start.reserved + 300))
            _ = try await client.call(.patch, "/api/orders/\(cancelled)/status", token: waiter, json: ["status": "CANCELLED"])
            #expect(try await flour(box) == (start.stock, start.reserved + 180))
            for (status, token) in [("PREPARING", cook), ("READY", cook), ("SERVED", waiter)] {
                _ = try await client.call(.patch, "/api/orders/\(served)/status", token: token, json: ["status": status])
            }
            #expect(try await flour(box) == (start.stock - 180, start.reserved))

            // 12,220 g left of a 20,000 g par (61 %); the line is 20 %: take it to 19 %.
            let levels = try await client.call(.get, "/api/inventory", token: manager)
            let flourLevel = try #require((levels["ingredients"] as? [[String: Any]])?.first { $0["id"] as? String == "ing-flour" })
            #expect(flourLevel["stock_percentage"] as? Int == 61)
            try await box.database.pool.write { db in try db.execute(sql: "UPDATE ingredients SET stock_quantity = 4050 WHERE id = 'ing-flour'") }
            _ = try await order(1)
            let low = try await box.database.events(forAggregate: "ing-flour").map(\.type)
            #expect(low == ["inventory.low_stock"])
        }
    }
}

@Suite("The live menu when the box stops")
struct MenuWatchShutdownTests {
    @Test("The watch ends with guests' menus still registered: every watcher is finished, and nothing deadlocks or traps")
    func endsWithWatchersOpen() async throws {
        let box = try await TestBox.make()
        let watch = MenuWatch(database: box.database, menus: GuestMenuCache(database: box.database), logger: Logger(label: "test"))
        let first = try await watch.watch(tenantId: demoTenant)
        let second = try await watch.watch(tenantId: demoTenant)
        #expect(watch.watcherCount == 2)
        let running = Task { try await watch.run() }
        try await Task.sleep(for: .milliseconds(100))
        running.cancel()
        try await running.value
        // Both streams were finished by the watch: each yields its first ETag, then ends.
        for watcher in [first, second] {
            var etags: [String] = []
            for await etag in watcher.etags { etags.append(etag) }
            #expect(etags.count == 1)
        }
        #expect(watch.watcherCount == 0)
    }
}
