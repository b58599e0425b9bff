import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
@testable import IntelliDineServer
import IntelliDineStore
import NIOCore
import Testing

@Suite("First-run set-up: an empty box becomes a restaurant once, with its code, from its own network")
struct FirstRunSetupTests {
    func body(code: String, gstin: String = "29AAGCB7383J1Z4", tables: Int = 12) -> [String: Any] {
        [
            "code": code,
            "restaurant": ["name": "Dosa Corner", "address": "4 Church Street, Bengaluru", "state": "Karnataka", "gstin": gstin,
                           "fssai": "10019043000123", "gst_rate_percent": 5, "opening_hours": "07:00-22:30"],
            "tables": ["count": tables, "naming": "T{n}"],
            "manager": ["username": "asha", "display_name": "Asha", "password": "dosa-manager-1"],
        ]
    }

    @Test("Wrong code refused and counted, bad values refused, then one set-up creates it all; a second is refused")
    func setUpOnce() async throws {
        let box = try await TestBox.make { $0.demo = false }
        let code = try #require(box.daemon.setup.code)
        #expect(code.count == 8 && code.allSatisfy(\.isNumber))
        try await box.test(.live) { client in
            #expect(try await client.call(.get, "/api/setup")["pending"] as? Bool == true)
            let wrong = try await client.call(.post, "/api/setup", json: body(code: "00000000" == code ? "11111111" : "00000000"))
            #expect(wrong.status == .forbidden && wrong.errorCode == "SETUP_CODE_WRONG")
            let typo = try await client.call(.post, "/api/setup", json: body(code: code, gstin: "29AAGCB7383J1Z5"))
            #expect(typo.status == .unprocessableContent && (typo.error?["message"] as? String)?.contains("GSTIN") == true)
            #expect(try await client.call(.post, "/api/setup", json: body(code: code, tables: 0)).status == .unprocessableContent)
            #expect(try await box.database.hasRestaurant() == false, "nothing half-written")

            let done = try await client.call(.post, "/api/setup", json: body(code: code))
            #expect(done.status == .created, "\(done.text)")
            let tenant = try #require(done["tenant_id"] as? String)
            let again = try await client.call(.post, "/api/setup", json: body(code: code))
            #expect(again.status == .conflict && again.errorCode == "SETUP_DONE")
            #expect(try await client.call(.get, "/api/setup")["pending"] as? Bool == false)

            // The manager signs in; the restaurant, its 5 % GST and its 12 tables are there.
            let login = try await client.call(.post, "/api/auth/staff/login", json: ["username": "asha", "password": "dosa-manager-1", "tenant_id": tenant])
            let token = try #require(login["access_token"] as? String, "\(login.text)")
            let profile = try #require(try await client.call(.get, "/api/restaurant", token: token)["restaurant"] as? [String: Any])
            #expect(profile["name"] as? String == "Dosa Corner" && profile["state_code"] as? String == "29")
            let stored = try await box.database.requireTenant(id: tenant)
            #expect(stored.gstRateBp == 500)
            let tables = try await box.database.pool.read { try String.fetchAll($0, sql: "SELECT name FROM tables WHERE tenant_id = ? ORDER BY table_number", arguments: [tenant]) }
            #expect(tables.count == 12 && tables.first == "T1" && tables.last == "T12")
        }
    }

    @Test("Five wrong codes close set-up for 15 minutes; from outside the restaurant's network it is refused outright")
    func guarded() async throws {
        let setup = FirstRunSetup(pending: true)
        let code = try #require(setup.code)
        let now = ContinuousClock.now
        let wrong = code == "12345678" ? "87654321" : "12345678"
        for _ in 0..<FirstRunSetup.maxFailures { #expect(setup.check(wrong, from: "192.168.1.50", now: now) == .wrong) }
        #expect(setup.check(code, from: "192.168.1.50", now: now) == .locked, "even the right code, while locked")
        // A guest guessing from their phone does not lock the installer out.
        #expect(setup.check(code, from: "192.168.1.20", now: now) == .accepted)
        #expect(setup.check(code, from: "192.168.1.50", now: now.advanced(by: FirstRunSetup.lockout + .seconds(1))) == .accepted)
        // Digits as a phone keyboard may type them, in any script, count as the code's digits only in ASCII.
        #expect(setup.check(String(code.prefix(4)) + " " + String(code.suffix(4)), from: "::1", now: now) == .accepted)
        setup.finish()
        #expect(setup.check(code, from: "::1", now: now) == .done)

        // Through the router there is no address at all: not the restaurant's network.
        let box = try await TestBox.make { $0.demo = false }
        try await box.test { client in
            let answer = try await client.call(.post, "/api/setup", json: body(code: box.daemon.setup.code ?? ""))
            #expect(answer.status == .forbidden && answer.errorCode == "SETUP_LOCAL_ONLY")
        }
        // A box with a restaurant has no set-up at all.
        #expect(try await TestBox.make().daemon.setup.code == nil)
    }

    @Test("The restaurant's network: loopback, RFC 1918 and IPv6 local ranges, read as bytes; public addresses are not")
    func localNetwork() throws {
        let local = ["127.0.0.1", "::1", "10.1.2.3", "172.16.0.9", "172.31.255.1", "192.168.1.20", "fd12:3456::1", "fe80::1", "::ffff:192.168.0.7"]
        let outside = ["8.8.8.8", "172.32.0.1", "192.169.1.1", "2001:db8::1", "fc::1", "fe8::1", "::ffff:8.8.8.8"]
        for ip in local { #expect(try SocketAddress(ipAddress: ip, port: 80).isLocalNetwork, "\(ip)") }
        for ip in outside { #expect(try !SocketAddress(ipAddress: ip, port: 80).isLocalNetwork, "\(ip)") }
    }
}
