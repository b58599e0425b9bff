import Foundation
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("Staff accounts and tables for the staff app")
struct StaffAccountsTests {
    @Test("A manager adds an account that can sign in; bad, duplicate or unauthorised adds are refused")
    func addStaff() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let added = try await client.call(.post, "/api/staff", token: manager, json: [
                "username": "waiter2", "password": "long-enough-1", "role": "waiter", "display_name": "Asha",
            ])
            #expect(added.status == .created)
            let login = try await client.call(.post, "/api/auth/staff/login", json: [
                "username": "waiter2", "password": "long-enough-1", "tenant_id": demoTenant,
            ])
            #expect(login.status == .ok)
            #expect((login["staff"] as? [String: Any])?["role"] as? String == "WAITER")

            let list = try await client.call(.get, "/api/staff", token: manager)
            #expect((list["staff"] as? [[String: Any]])?.contains { $0["username"] as? String == "waiter2" } == true)
            #expect((list["staff"] as? [[String: Any]])?.allSatisfy { $0["password_hash"] == nil } == true)

            let duplicate = try await client.call(.post, "/api/staff", token: manager, json: ["username": "waiter2", "password": "another-one-2", "role": "WAITER"])
            #expect(duplicate.errorCode == "USERNAME_TAKEN")
            let short = try await client.call(.post, "/api/staff", token: manager, json: ["username": "cook9", "password": "short", "role": "KITCHEN_STAFF"])
            #expect(short.status == .unprocessableContent)
            let badName = try await client.call(.post, "/api/staff", token: manager, json: ["username": "<b>", "password": "long-enough-1", "role": "WAITER"])
            #expect(badName.status == .unprocessableContent)
            let customer = try await client.call(.post, "/api/staff", token: manager, json: ["username": "guest1", "password": "long-enough-1", "role": "CUSTOMER"])
            #expect(customer.status == .unprocessableContent)
            let waiter = try await client.loginStaff("waiter1")
            #expect(try await client.call(.post, "/api/staff", token: waiter, json: ["username": "x123", "password": "long-enough-1", "role": "MANAGER"]).status == .forbidden)
            #expect(try await client.call(.get, "/api/staff", token: waiter).status == .forbidden)
        }
    }

    @Test("Staff see the tables with each one's guest URL and QR code")
    func tables() async throws {
        let box = try await TestBox.make { $0.publicURL = "http://10.0.0.5" }
        try await box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            let tables = try await client.call(.get, "/api/tables", token: waiter)
            let rows = try #require(tables["tables"] as? [[String: Any]])
            #expect(rows.count == 10)
            #expect(rows[4]["guest_url"] as? String == "http://10.0.0.5/table/tbl-005?tenant_id=\(demoTenant)")
            #expect(rows[4]["qr_svg"] as? String == "/tables/tbl-005/qr.svg?tenant_id=\(demoTenant)")
            #expect(try await client.call(.get, "/api/tables").status == .unauthorized)
        }
    }
}
