import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("Orders, statuses and cash: the rules and their failures")
struct OrderRulesTests {
    func orderCount(_ box: TestBox) async throws -> Int {
        try await box.database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM orders")! }
    }

    @Test("Unknown items, bad quantities, unknown tables and empty orders are refused; nothing is written")
    func validation() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let (token, _) = try await client.loginGuest(box)
            let cases: [([[String: Any]], String, HTTPResponse.Status, String)] = [
                ([["menu_item_id": "item_999", "quantity": 1]], "tbl-005", .unprocessableContent, "MENU_ITEM_NOT_FOUND"),
                ([["menu_item_id": "item_001", "quantity": 0]], "tbl-005", .unprocessableContent, "VALIDATION_FAILED"),
                ([["menu_item_id": "item_001", "quantity": 1_000_000_000]], "tbl-005", .unprocessableContent, "VALIDATION_FAILED"),
                ([["menu_item_id": "item_001", "quantity": -3]], "tbl-005", .unprocessableContent, "VALIDATION_FAILED"),
                ([], "tbl-005", .unprocessableContent, "VALIDATION_FAILED"),
                ([["menu_item_id": "item_001", "quantity": 1]], "tbl-099", .unprocessableContent, "TABLE_NOT_FOUND"),
                ([["menu_item_id": "item_001", "quantity": 1, "special_instructions": String(repeating: "a", count: 201)]], "tbl-005",
                 .unprocessableContent, "VALIDATION_FAILED"),
            ]
            for (items, table, status, code) in cases {
                let answer = try await client.placeOrder(token: token, table: table, items: items)
                #expect(answer.status == status, "\(items) → \(answer.text)")
                #expect(answer.errorCode == code)
            }
            #expect(try await orderCount(box) == 0)
        }
    }

    @Test("A guest orders only as themself; a cook cannot place orders")
    func whoMayOrder() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let (token, _) = try await client.loginGuest(box)
            let impostor = try await client.placeSeedOrder(token: token, customerId: "cust-someone-else")
            #expect(impostor.status == .forbidden)
            #expect(impostor.errorCode == "CUSTOMER_MISMATCH")
            let cook = try await client.loginStaff("kitchen_staff1")
            #expect(try await client.placeSeedOrder(token: cook).status == .forbidden)
            let waiter = try await client.loginStaff("waiter1")
            #expect(try await client.placeSeedOrder(token: waiter).status == .created)
        }
    }

    @Test("Idempotency-Key: a retry replays the first answer; the key with another body is 422")
    func idempotency() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let (token, _) = try await client.loginGuest(box)
            let key: HTTPFields = [.init("Idempotency-Key")!: "tap-\(UUID())"]
            let first = try await client.placeSeedOrder(token: token, headers: key)
            let retry = try await client.placeSeedOrder(token: token, headers: key)
            #expect(first.status == .created && retry.status == .created)
            #expect(first.text == retry.text)
            #expect(retry.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(try await orderCount(box) == 1)

            let other = try await client.call(
                .post, "/api/orders?tenant_id=\(demoTenant)", token: token,
                json: ["table_id": "tbl-005", "items": [["menu_item_id": "item_001", "quantity": 1]]], headers: key)
            #expect(other.status == .unprocessableContent)
            #expect(other.errorCode == "IDEMPOTENCY_KEY_REUSED")
            #expect(try await orderCount(box) == 1)
            // Also when the other body would be refused on its own (a dish that does not exist).
            let unknown = try await client.call(
                .post, "/api/orders?tenant_id=\(demoTenant)", token: token,
                json: ["table_id": "tbl-005", "items": [["menu_item_id": "item_404", "quantity": 1]]], headers: key)
            #expect(unknown.errorCode == "IDEMPOTENCY_KEY_REUSED")

            // A dish of the order sold out since: the retry still gets the first answer, and writes nothing.
            let manager = try await client.loginStaff("manager1")
            #expect(try await client.call(.patch, "/api/menu/items/item_003", token: manager, json: ["is_available": false]).status == .ok)
            let late = try await client.placeSeedOrder(token: token, headers: key)
            #expect(late.status == .created && late.text == first.text)
            #expect(late.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(try await client.placeSeedOrder(token: token, headers: [.init("Idempotency-Key")!: "fresh"]).errorCode == "ITEM_UNAVAILABLE")
            #expect(try await client.call(.patch, "/api/menu/items/item_003", token: manager, json: ["is_available": true]).status == .ok)
            #expect(try await orderCount(box) == 1)

            // A key must be 1 to 255 visible ASCII characters: none is written for a bad one.
            for bad in ["two words", "chai-☕", String(repeating: "k", count: 256)] {
                let refused = try await client.placeSeedOrder(token: token, headers: [.init("Idempotency-Key")!: bad])
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(refused.text.contains("visible ASCII"))
            }
            #expect(try await client.placeSeedOrder(token: token, headers: [.init("Idempotency-Key")!: String(repeating: "k", count: 255)]).status == .created)
            #expect(try await orderCount(box) == 2)
        }
    }

    @Test("A double tap sent ten times at once with one key makes exactly one order")
    func concurrentRetries() async throws {
        let box = try await TestBox.make()
        try await box.test(.ahc(.http)) { client in
            let (token, _) = try await client.loginGuest(box)
            let key: HTTPFields = [.init("Idempotency-Key")!: "double-tap"]
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<10 { group.addTask { try await client.placeSeedOrder(token: token, headers: key).text } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(bodies).count == 1, "\(Set(bodies))")
            #expect(try await orderCount(box) == 1)
            // The taps that lost the race undid their writes: the next order takes ticket 2.
            let next = try await client.placeSeedOrder(token: token, headers: [.init("Idempotency-Key")!: "next"])
            #expect(next.order["ticket_number"] as? Int == 2)
        }
    }

    @Test("Statuses: illegal transitions are 409, wrong roles 403; a guest may withdraw only their own pending order")
    func statusRules() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let stranger = try await client.loginGuest(box, phone: "9000000002")
            let kitchen = try await client.loginStaff("kitchen_staff1")
            let waiter = try await client.loginStaff("waiter1")
            let id = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            func set(_ status: String, _ token: String) async throws -> JSONResponse {
                try await client.call(.patch, "/api/orders/\(id)/status?tenant_id=\(demoTenant)", token: token, json: ["status": status])
            }
            let skip = try await set("READY", kitchen)
            #expect(skip.status == .conflict)
            #expect(skip.errorCode == "INVALID_STATUS_TRANSITION")
            #expect(try await set("PREPARING", waiter).status == .forbidden)
            #expect(try await set("PREPARING", guest.token).status == .forbidden)
            #expect(try await set("CANCELLED", stranger.token).status == .forbidden)
            #expect(try await set("COMPLETED", kitchen).status == .conflict)
            #expect(try await set("EATEN", kitchen).status == .unprocessableContent)
            #expect(try await client.call(.patch, "/api/orders/ord-nope/status", token: kitchen, json: ["status": "PREPARING"]).status == .notFound)

            let preparing = try await client.call(.get, "/api/orders?status=PENDING", token: kitchen)
            #expect((preparing["orders"] as? [[String: Any]])?.map { $0["status"] as? String } == ["PENDING"])
            #expect(try await client.call(.get, "/api/orders?status=EATEN", token: kitchen).status == .unprocessableContent)
            let own = try await client.call(.get, "/api/orders", token: stranger.token)
            #expect((own["orders"] as? [Any])?.isEmpty == true)

            let withdrawn = try await set("CANCELLED", guest.token)
            #expect(withdrawn.status == .ok)
            #expect(withdrawn.order["status"] as? String == "CANCELLED")
            #expect(try await set("PREPARING", kitchen).status == .conflict)
        }
    }

    @Test("Two staff changing one order at the same moment: one wins, the other gets 409")
    func concurrentStatus() async throws {
        let box = try await TestBox.make()
        try await box.test(.ahc(.http)) { client in
            let guest = try await client.loginGuest(box)
            let cook = try await client.loginStaff("kitchen_staff1")
            let manager = try await client.loginStaff("manager1")
            let id = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for token in [cook, manager] {
                    group.addTask {
                        Int(try await client.call(.patch, "/api/orders/\(id)/status", token: token, json: ["status": "PREPARING"]).status.code)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }.sorted()
            }
            #expect(statuses == [200, 409])
            let history = try await box.database.pool.read {
                try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM order_status_history WHERE order_id = ?", arguments: [id])!
            }
            #expect(history == 2)
        }
    }

    @Test("Cash: short money is 422, a second payment is 409, a cancelled order cannot be paid")
    func cashRules() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let waiter = try await client.loginStaff("waiter1")
            let cook = try await client.loginStaff("kitchen_staff1")
            let id = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            func pay(_ amount: Any, _ token: String) async throws -> JSONResponse {
                try await client.call(.patch, "/api/payments/\(id)/cash", token: token, json: ["amount_received": amount, "payment_method": "CASH"])
            }
            let short = try await pay(1000, waiter)
            #expect(short.status == .unprocessableContent)
            #expect(short.errorCode == "INSUFFICIENT_AMOUNT")
            #expect(try await pay(1100, cook).status == .forbidden)
            #expect(try await pay(1100, guest.token).status == .forbidden)
            #expect(try await pay("lots", waiter).status == .badRequest)
            #expect(try await pay(1100.001, waiter).status == .badRequest)

            // Paid before it is served: recorded, the order stays open until served.
            let paid = try await pay(1088.55, waiter)
            #expect(paid.status == .ok)
            #expect(rupees((paid["payment"] as? [String: Any])?["change"]) == "0.0")
            #expect(paid.order["status"] as? String == "PENDING")
            let again = try await pay(1100, waiter)
            #expect(again.status == .conflict)
            #expect(again.errorCode == "ORDER_ALREADY_PAID")
            let payments = try await box.database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM payments")! }
            #expect(payments == 1)
            // ...and completes the moment it is served.
            for (status, token) in [("PREPARING", cook), ("READY", cook), ("SERVED", waiter)] {
                _ = try await client.call(.patch, "/api/orders/\(id)/status", token: token, json: ["status": status])
            }
            #expect(try await client.call(.get, "/api/orders/\(id)", token: guest.token).order["status"] as? String == "COMPLETED")

            let cancelled = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            _ = try await client.call(.patch, "/api/orders/\(cancelled)/status", token: guest.token, json: ["status": "CANCELLED"])
            let late = try await client.call(.patch, "/api/payments/\(cancelled)/cash", token: waiter, json: ["amount_received": 1100])
            #expect(late.status == .conflict)
            #expect(late.errorCode == "ORDER_CANCELLED")
        }
    }

    @Test("Menu: ETag gives 304; a manager 86es an item, the menu marks it unavailable and orders for it are refused")
    func menuControl() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let manager = try await client.loginStaff("manager1")
            let waiter = try await client.loginStaff("waiter1")
            let uri = "/api/menu/items?tenant_id=\(demoTenant)"
            let first = try await client.call(.get, uri, token: guest.token)
            let etag = try #require(first.headers[.eTag])
            let cached = try await client.call(.get, uri, token: guest.token, headers: [.ifNoneMatch: etag])
            #expect(cached.status == .notModified)
            #expect(cached.text.isEmpty)

            #expect(try await client.call(.patch, "/api/menu/items/item_003", token: waiter, json: ["is_available": false]).status == .forbidden)
            let eightySixed = try await client.call(.patch, "/api/menu/items/item_003", token: manager, json: ["is_available": false])
            #expect(eightySixed.status == .ok)
            let after = try await client.call(.get, uri, token: guest.token, headers: [.ifNoneMatch: etag])
            #expect(after.status == .ok)
            #expect(after.headers[.eTag] != etag)
            // Still listed, so the guest sees it greyed as sold out, but marked unavailable.
            let dal = try #require((after["items"] as? [[String: Any]])?.first { $0["id"] as? String == "item_003" })
            #expect(dal["is_available"] as? Bool == false)
            let refused = try await client.placeSeedOrder(token: guest.token)
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "ITEM_UNAVAILABLE")
            // In the guest's words: the dish's name, never its id.
            #expect(refused.error?["message"] as? String == "Sorry, Dal Makhani is sold out right now")

            let repriced = try await client.call(.patch, "/api/menu/items/item_001", token: manager, json: ["price": 300, "is_available": true])
            #expect(rupees((repriced["item"] as? [String: Any])?["price"]) == "300.0")
            let created = try await client.call(.post, "/api/menu/items", token: manager, json: [
                "id": "item_007", "category_id": "cat-3", "name": "Butter Naan", "price": 60, "dietary_tags": ["vegetarian"],
            ])
            #expect(created.status == .created)
            // The veg mark follows the tags when the manager does not set it; Hindi is set later.
            #expect((created["item"] as? [String: Any])?["diet"] as? String == "veg")
            let translated = try await client.call(.patch, "/api/menu/items/item_007", token: manager, json: [
                "diet": "egg", "name_hi": "बटर नान", "description_hi": "मक्खन वाला नान",
            ])
            #expect((translated["item"] as? [String: Any])?["diet"] as? String == "egg")
            #expect((translated["item"] as? [String: Any])?["name_hi"] as? String == "बटर नान")
            let cleared = try await client.call(.patch, "/api/menu/items/item_007", token: manager, json: ["name_hi": ""])
            #expect((cleared["item"] as? [String: Any])?["name_hi"] == nil)
            #expect(try await client.call(.patch, "/api/menu/items/item_007", token: manager, json: ["diet": "meat"]).errorCode == "VALIDATION_FAILED")
            let unmarked = try await client.call(.patch, "/api/menu/items/item_007", token: manager, json: ["diet": ""])
            #expect((unmarked["item"] as? [String: Any])?["diet"] == nil, "an empty diet takes a wrong mark off")
            let demo = try await client.call(.get, uri, token: guest.token)
            let chicken = try #require((demo["items"] as? [[String: Any]])?.first { $0["id"] as? String == "item_002" })
            #expect(chicken["diet"] as? String == "non-veg" && chicken["name_hi"] as? String == "चिकन 65")
            #expect(try await client.call(.post, "/api/menu/items", token: manager, json: [
                "id": "item_008", "category_id": "cat-404", "name": "Ghost", "price": 1,
            ]).status == .notFound)
            #expect(try await client.call(.patch, "/api/menu/items/item_001", token: manager, json: ["price": -5]).status == .unprocessableContent)

            // Categories: a new one shows in its place once it has an item on sale.
            let desserts = try await client.call(.post, "/api/menu/categories", token: manager, json: ["id": "cat-4", "name": "Desserts", "display_order": 3])
            #expect(desserts.status == .created)
            #expect(try await client.call(.post, "/api/menu/categories", token: manager, json: ["id": "cat-4", "name": "Again"]).status == .conflict)
            _ = try await client.call(.post, "/api/menu/items", token: manager, json: [
                "id": "item_009", "category_id": "cat-4", "name": "Gulab Jamun", "price": 90,
            ])
            let renamed = try await client.call(.patch, "/api/menu/categories/cat-4", token: manager, json: ["name": "Sweets", "display_order": -1])
            #expect(renamed.status == .ok)
            let menu = try await client.call(.get, uri, token: guest.token)
            #expect((menu["categories"] as? [[String: Any]])?.first?["name"] as? String == "Sweets")
            #expect(try await client.call(.delete, "/api/menu/items/item_009", token: manager).status == .ok)
            let afterDelete = try await client.call(.get, uri, token: guest.token)
            #expect((afterDelete["categories"] as? [[String: Any]])?.contains { $0["name"] as? String == "Sweets" } == false)
        }
    }
}
