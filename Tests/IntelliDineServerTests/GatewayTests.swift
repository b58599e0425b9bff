import Foundation
import GRDB
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("Gateway: errors, limits, tenants")
struct GatewayTests {
    @Test("Unknown paths are 404 and wrong methods 405 with Allow, both in the JSON error format")
    func notFoundAndMethod() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let missing = try await client.call(.get, "/api/nope")
            #expect(missing.status == .notFound)
            #expect(missing["success"] as? Bool == false)
            #expect(missing.errorCode == "NOT_FOUND")
            let wrongMethod = try await client.call(.delete, "/api/orders/ord-123/status")
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.errorCode == "METHOD_NOT_ALLOWED")
            #expect(wrongMethod.headers[.allow] == "PATCH")
            // A literal segment is its own route, as in the router: not /api/orders/:id's GET.
            #expect(try await client.call(.delete, "/api/orders/quote").headers[.allow] == "POST")
        }
    }

    @Test("Malformed JSON is a 400 naming the problem; never a 500 or an internal detail", arguments: [
        "{not json", "[]", #"{"table_id": "tbl-005"}"#, #"{"table_id": 5, "items": []}"#,
        #"{"table_id": "tbl-005", "items": [{"menu_item_id": "item_001", "quantity": "two"}]}"#,
        #"{"table_id": "tbl-005", "items": [{"menu_item_id": "item_001", "quantity": 1e30}]}"#, "",
    ])
    func malformed(_ body: String) async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let (token, _) = try await client.loginGuest(box)
            let answer = try await client.call(.post, "/api/orders?tenant_id=\(demoTenant)", token: token, raw: body)
            #expect(answer.status == .badRequest, "\(answer.text)")
            #expect(answer.errorCode == "INVALID_JSON")
            #expect(!answer.text.lowercased().contains("sqlite") && !answer.text.contains("Swift"))
        }
    }

    @Test("A body over the limit is refused with 413 before it is read")
    func oversized() async throws {
        let box = try await TestBox.make(maxBodyBytes: 4_096)
        try await box.test(.live) { client in
            let (token, _) = try await client.loginGuest(box)
            let huge = #"{"table_id": "tbl-005", "items": [], "padding": ""# + String(repeating: "x", count: 100_000) + #""}"#
            let answer = try await client.call(.post, "/api/orders?tenant_id=\(demoTenant)", token: token, raw: huge)
            #expect(answer.status == .contentTooLarge)
            #expect(answer.errorCode == "PAYLOAD_TOO_LARGE")
        }
    }

    @Test("Over 60 requests a minute, a subject gets 429 with Retry-After; others are not affected")
    func rateLimit() async throws {
        let box = try await TestBox.make(rateLimit: 60)
        try await box.test { client in
            let (token, _) = try await client.loginGuest(box)
            var statuses: [Int] = []
            for _ in 0..<62 {
                statuses.append(Int(try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)", token: token).status.code))
            }
            #expect(statuses.prefix(60).allSatisfy { $0 == 200 })
            #expect(statuses.suffix(2) == [429, 429])
            let limited = try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)", token: token)
            #expect(limited.errorCode == "RATE_LIMITED")
            #expect((1...60).contains(Int(limited.headers[.retryAfter] ?? "") ?? 0))
            let waiter = try await client.loginStaff("waiter1")
            #expect(try await client.call(.get, "/api/orders?tenant_id=\(demoTenant)", token: waiter).status == .ok)
        }
    }

    @Test("One restaurant never sees another's data")
    func tenantIsolation() async throws {
        let box = try await TestBox.make()
        let other = "22222222-2222-2222-2222-222222222222"
        try await box.database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO tenants (id, name, timezone, gst_rate_bp, created_at) VALUES (?, 'Other Place', 'Asia/Kolkata', 500, 'x');
                INSERT INTO tables (id, tenant_id, table_number, name) VALUES ('tbl-005', ?, 5, 'Table 5');
                INSERT INTO categories (id, tenant_id, name) VALUES ('cat-1', ?, 'Snacks');
                INSERT INTO menu_items (id, tenant_id, category_id, name, price_paise, updated_at) VALUES ('item_001', ?, 'cat-1', 'Samosa', 2000, 'x');
                """, arguments: [other, other, other, other])
        }
        try await box.test { client in
            let here = try await client.loginGuest(box)
            let there = try await client.loginGuest(box, phone: "9000000001", tenant: other)
            let placed = try await client.placeSeedOrder(token: here.token)
            let orderId = try #require(placed.order["id"] as? String)

            // A token for one restaurant naming the other: 403.
            let mismatch = try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)", token: there.token)
            #expect(mismatch.status == .forbidden)
            #expect(mismatch.errorCode == "TENANT_MISMATCH")
            // The other restaurant's menu is its own.
            let theirMenu = try await client.call(.get, "/api/menu/items?tenant_id=\(other)", token: there.token)
            #expect((theirMenu["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Samosa"])
            // Its guests and staff cannot find this restaurant's orders at all.
            #expect(try await client.call(.get, "/api/orders/\(orderId)", token: there.token).status == .notFound)
            let list = try await client.call(.get, "/api/orders", token: there.token)
            #expect((list["orders"] as? [Any])?.isEmpty == true)
            // Same phone, two restaurants: two separate customers (once the resend interval has passed).
            try await box.database.pool.write { db in
                try db.execute(sql: "UPDATE otp_verifications SET created_at = '2020-01-01T00:00:00.000Z'")
            }
            let sameGuestThere = try await client.loginGuest(box, phone: seedPhone, tenant: other)
            #expect(sameGuestThere.customerId != here.customerId)
            #expect(try await client.call(.get, "/api/orders/\(orderId)", token: sameGuestThere.token).status == .notFound)
        }
    }

    @Test("Health answers without a token")
    func health() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let health = try await client.call(.get, "/healthz")
            #expect(health["status"] as? String == "ok")
        }
    }
}
