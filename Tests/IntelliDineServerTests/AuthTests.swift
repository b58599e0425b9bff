import Crypto
import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import JWTKit
import Testing

@Suite("Auth: OTP rules, staff login, tokens")
struct AuthTests {
    func requestCode(_ client: some TestClientProtocol, phone: String = seedPhone) async throws -> JSONResponse {
        try await client.call(.post, "/api/auth/customer/otp?tenant_id=\(demoTenant)", json: ["phone_number": phone])
    }

    func verify(_ client: some TestClientProtocol, _ code: String, phone: String = seedPhone) async throws -> JSONResponse {
        try await client.call(.post, "/api/auth/customer/verify-otp", json: ["phone_number": phone, "otp": code, "tenant_id": demoTenant])
    }

    /// A code that is not `code`, of the same shape.
    func wrong(_ code: String) -> String { String(format: "%06d", (Int(code)! + 1) % 1_000_000) }

    @Test("A wrong code counts down; after 5 wrong tries even the right code is refused")
    func lockout() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            _ = try await requestCode(client)
            let code = try box.lastOTP(to: seedPhone)
            for left in (0...4).reversed() {
                let answer = try await verify(client, wrong(code))
                #expect(answer.status == .unauthorized)
                #expect(answer.errorCode == "OTP_INVALID")
                #expect(answer.error?["attempts_remaining"] as? Int == left)
            }
            let locked = try await verify(client, code)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.errorCode == "OTP_LOCKED")
        }
    }

    @Test("A malformed code is refused without using up an attempt")
    func malformed() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            _ = try await requestCode(client)
            for bad in ["12ab56", "1234567", "", "１２３４５６"] {
                #expect(try await verify(client, bad).status == .unprocessableContent)
            }
            #expect(try await verify(client, try box.lastOTP(to: seedPhone)).status == .ok)
        }
    }

    @Test("A used code cannot be used again, and an expired code is refused")
    func reuseAndExpiry() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            _ = try await requestCode(client)
            let code = try box.lastOTP(to: seedPhone)
            #expect(try await verify(client, code).status == .ok)
            let again = try await verify(client, code)
            #expect(again.status == .unauthorized)
            #expect(again.errorCode == "OTP_ALREADY_USED")

            // A second phone's code, aged past its five minutes.
            _ = try await requestCode(client, phone: "9123456780")
            let late = try box.lastOTP(to: "9123456780")
            try await box.database.pool.write { db in
                try db.execute(sql: "UPDATE otp_verifications SET expires_at = '2020-01-01T00:00:00.000Z' WHERE phone_number = '9123456780'")
            }
            let expired = try await verify(client, late, phone: "9123456780")
            #expect(expired.status == .unauthorized)
            #expect(expired.errorCode == "OTP_EXPIRED")
        }
    }

    @Test("Codes are stored only as keyed hashes")
    func hashed() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            _ = try await requestCode(client)
            let code = try box.lastOTP(to: seedPhone)
            let dump = try await box.database.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM otp_verifications").map { "\($0)" }.joined()
            }
            #expect(!dump.contains(code))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: box.config.databasePath + "-wal"))
            #expect(bytes.range(of: Data(code.utf8)) == nil)
        }
    }

    @Test("Resend: a second code within 30 s is refused with Retry-After; at most 5 an hour")
    func resendThrottle() async throws {
        let clock = MovingClock(Date())
        let box = try await TestBox.make(clock: clock.wallClock)
        try await box.test { client in
            #expect(try await requestCode(client).status == .ok)
            let tooSoon = try await requestCode(client)
            #expect(tooSoon.status == .tooManyRequests)
            #expect(tooSoon.errorCode == "OTP_THROTTLED")
            let retry = Int(tooSoon.headers[.retryAfter] ?? "") ?? 0
            #expect((25...30).contains(retry))
            for _ in 0..<4 {
                clock.advance(seconds: 31)
                #expect(try await requestCode(client).status == .ok)
            }
            clock.advance(seconds: 31)
            let sixth = try await requestCode(client)
            #expect(sixth.status == .tooManyRequests)
            #expect(Int(sixth.headers[.retryAfter] ?? "")! > 60)
            #expect(try box.spoolFiles().count == 5)
        }
    }

    @Test("Bad phone numbers and unknown restaurants are refused plainly")
    func badInput() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let bad = try await client.call(.post, "/api/auth/customer/otp", json: ["phone_number": "12345"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.errorCode == "VALIDATION_FAILED")
            let unknown = try await client.call(.post, "/api/auth/customer/otp?tenant_id=nope", json: ["phone_number": seedPhone])
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "TENANT_NOT_FOUND")
            #expect(try box.spoolFiles().isEmpty)
        }
    }

    @Test("Staff log in with their password; a wrong password or unknown user gets the same 401")
    func staffLogin() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let ok = try await client.call(.post, "/api/auth/staff/login", json: ["username": "kitchen_staff1", "password": "kitchen-demo-1"])
            #expect(ok.status == .ok)
            #expect((ok["staff"] as? [String: Any])?["role"] as? String == "KITCHEN_STAFF")
            let wrong = try await client.call(.post, "/api/auth/staff/login", json: ["username": "kitchen_staff1", "password": "nope"])
            let nobody = try await client.call(.post, "/api/auth/staff/login", json: ["username": "ghost", "password": "nope"])
            #expect(wrong.status == .unauthorized && nobody.status == .unauthorized)
            #expect(wrong.text == nobody.text)
        }
    }

    @Test("The menu opens from the QR code without signing in: per restaurant, an unknown one is 404, and anonymous reads are metered per address")
    func publicMenu() async throws {
        let box = try await TestBox.make(rateLimit: 5)
        try await box.test { client in
            let anonymous = try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)")
            #expect(anonymous.status == .ok, "\(anonymous.text)")
            #expect((anonymous["items"] as? [[String: Any]])?.contains { $0["name"] as? String == "Paneer Tikka" } == true)
            #expect(try await client.call(.get, "/api/menu/items?tenant_id=no-such-restaurant").errorCode == "TENANT_NOT_FOUND")
            #expect(try await client.call(.get, "/api/menu/items").errorCode == "VALIDATION_FAILED")
            // Ordering still needs the phone and its code.
            #expect(try await client.placeOrder(token: "", items: [["menu_item_id": "item_001", "quantity": 1]]).status == .unauthorized)
            // Five calls a minute here: within six more reads, this address is refused.
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 { statuses.append(try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)").status) }
            #expect(statuses.last == .tooManyRequests, "\(statuses)")
        }
    }

    @Test("Forged, unsigned, expired and revoked tokens are all refused with 401")
    func tokens() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let (token, _) = try await client.loginGuest(box)
            let menu = "/api/menu/items?tenant_id=\(demoTenant)"
            #expect(try await client.call(.get, menu, token: token).status == .ok)
            #expect(try await client.call(.get, "/api/orders").status == .unauthorized)

            let parts = token.split(separator: ".")
            // alg: none with the same claims and no signature.
            let noneHeader = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URLEncoded()
            #expect(try await client.call(.get, menu, token: "\(noneHeader).\(parts[1]).").status == .unauthorized)
            // Same claims, signed with another key.
            let claims = try JSONSerialization.jsonObject(with: Data(base64URL: String(parts[1]))!) as! [String: Any]
            let forged = try sign(claims, secret: SymmetricKey(size: .bits256))
            #expect(try await client.call(.get, menu, token: forged).status == .unauthorized)
            // The box's own key, but expired.
            let secret = SymmetricKey(data: try Data(contentsOf: URL(fileURLWithPath: box.config.secretsDir + "/jwt-secret")))
            var stale = claims
            stale["exp"] = Date().timeIntervalSince1970 - 60
            #expect(try await client.call(.get, menu, token: try sign(stale, secret: secret)).status == .unauthorized)
            #expect(try await client.call(.get, menu, token: try sign(claims, secret: secret)).status == .ok)

            // Logged out: the token stops working at once.
            #expect(try await client.call(.post, "/api/auth/logout", token: token).status == .ok)
            let revoked = try await client.call(.get, menu, token: token)
            #expect(revoked.status == .unauthorized)
            #expect(revoked.errorCode == "INVALID_TOKEN")
        }
    }

    /// Signs claims as HS256 by hand, the way an attacker holding some key would.
    func sign(_ claims: [String: Any], secret: SymmetricKey) throws -> String {
        let header = Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8).base64URLEncoded()
        let payload = try JSONSerialization.data(withJSONObject: claims).base64URLEncoded()
        let signature = Data(HMAC<SHA256>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: secret)).base64URLEncoded()
        return "\(header).\(payload).\(signature)"
    }
}

extension Data {
    func base64URLEncoded() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init?(base64URL: String) {
        var text = base64URL.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        self.init(base64Encoded: text)
    }
}
