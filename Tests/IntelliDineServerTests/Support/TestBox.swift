import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

let demoTenant = DemoRestaurant.tenantId
let seedPhone = "9876543210"

/// A daemon on a fresh state directory with the demo restaurant: real SQLite file in WAL mode,
/// real SMS spool directory.
struct TestBox {
    let daemon: IntelliDine
    let config: ServerConfiguration

    static func make(
        rateLimit: Int = 0, maxBodyBytes: Int = 64 * 1024, clock: WallClock = .system,
        configure: (inout ServerConfiguration) throws -> Void = { _ in }
    ) async throws -> TestBox {
        var config = ServerConfiguration()
        config.stateDir = NSTemporaryDirectory() + "intellidine-test-" + UUID().uuidString
        config.demo = true
        config.port = 0
        config.host = "127.0.0.1"
        config.rateLimitPerMinute = rateLimit
        config.maxBodyBytes = maxBodyBytes
        config.logLevel = .error
        // Tests run boxes in past years (a dinner rush in 2025); the clock tests raise it again.
        config.clockFloor = .distantPast
        config.exitWhenDatabaseVanishes = false
        try configure(&config)
        return TestBox(daemon: try await IntelliDine.build(config, clock: clock), config: config)
    }

    var database: AppDatabase { daemon.database }

    /// A new daemon on this box's state directory, as after a restart: its consumers start from
    /// the cursors stored in the database, not from where this one's got to in memory. Call it
    /// once `test` has returned, so that this box's services have stopped.
    func restarted() async throws -> TestBox {
        TestBox(daemon: try await IntelliDine.build(config), config: config)
    }

    /// Waits until `consumer` has handled every event in the log.
    func caughtUp(_ consumer: String) async throws {
        try await eventually("\(consumer) to catch up with the log") {
            try await database.consumerPositions([consumer])[0].lag == 0
        }
    }

    /// Runs `body` against the real router (`.router`) or a live server on a real socket (`.live`).
    func test<Value>(_ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await daemon.app.test(setup, body)
    }

    /// The code in the newest OTP SMS to `phone`, read from the smstools3 spool as a modem would.
    func lastOTP(to phone: String) throws -> String {
        for message in try spoolMessages(to: phone).reversed() where message.contains("OTP") {
            if let range = message.range(of: #"\b\d{6}\b"#, options: .regularExpression) { return String(message[range]) }
        }
        throw TestFailure("no OTP SMS to \(phone) in \(config.resolvedSMSSpoolDir)")
    }

    /// The texts of the spool's messages to `phone`, oldest first.
    func spoolMessages(to phone: String) throws -> [String] {
        let dir = config.resolvedSMSSpoolDir
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).map { dir + "/" + $0 }
        let dated = try files.map { ($0, try FileManager.default.attributesOfItem(atPath: $0)[.modificationDate] as! Date) }
        return try dated.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.compactMap { path, _ in
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard text.hasPrefix("To: 91\(phone)\n\n") else { return nil }
            return String(text.dropFirst("To: 91\(phone)\n\n".count).dropLast())
        }
    }

    /// The spool's OTP messages (order notifications are left out).
    func spoolFiles() throws -> [String] {
        let dir = config.resolvedSMSSpoolDir
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter {
            try String(contentsOfFile: dir + "/" + $0, encoding: .utf8).contains("OTP")
        }.sorted()
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A decoded JSON answer.
struct JSONResponse: @unchecked Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let json: [String: Any]
    let text: String

    subscript(key: String) -> Any? { json[key] }
    var error: [String: Any]? { json["error"] as? [String: Any] }
    var errorCode: String? { error?["code"] as? String }
    var order: [String: Any] { json["order"] as? [String: Any] ?? [:] }
}

extension TestClientProtocol {
    /// Sends JSON (a dictionary, or raw text) and decodes the JSON answer.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json body: [String: Any]? = nil,
        raw: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> JSONResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let body {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
            headers[.contentType] = "application/json"
        } else if let raw {
            buffer = ByteBuffer(string: raw)
            headers[.contentType] = "application/json"
        }
        let response = try await executeRequest(uri: uri, method: method, headers: headers, body: buffer)
        let text = String(buffer: response.body)
        let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        return JSONResponse(status: response.status, headers: response.headers, json: json, text: text)
    }

    /// A guest's login as in the demo journey: request a code, read it from the spool, verify it;
    /// returns the token.
    func loginGuest(_ box: TestBox, phone: String = seedPhone, tenant: String = demoTenant) async throws -> (token: String, customerId: String) {
        let sent = try await call(.post, "/api/auth/customer/otp", json: ["phone_number": phone])
        guard sent.status == .ok else { throw TestFailure("OTP request failed: \(sent.text)") }
        let verified = try await call(
            .post, "/api/auth/customer/verify-otp?tenant_id=\(tenant)", json: ["phone_number": phone, "otp": try box.lastOTP(to: phone)])
        guard let token = verified["access_token"] as? String, let customer = verified["customer"] as? [String: Any] else {
            throw TestFailure("verify failed: \(verified.text)")
        }
        return (token, customer["id"] as! String)
    }

    func loginStaff(_ username: String) async throws -> String {
        let password = DemoRestaurant.staff.first { $0.username == username }!.password
        let response = try await call(.post, "/api/auth/staff/login", json: ["username": username, "password": password, "tenant_id": demoTenant])
        guard let token = response["access_token"] as? String else { throw TestFailure("staff login failed: \(response.text)") }
        return token
    }

    /// The one way tests place an order: `items` at `table`, as the holder of `token`.
    func placeOrder(
        token: String, table: String = "tbl-005", items: [[String: Any]], customerId: String? = nil, serviceCharge: Bool? = nil,
        headers: HTTPFields = [:]
    ) async throws -> JSONResponse {
        var body: [String: Any] = ["table_id": table, "items": items]
        if let customerId { body["customer_id"] = customerId }
        if let serviceCharge { body["service_charge"] = serviceCharge }
        return try await call(.post, "/api/orders?tenant_id=\(demoTenant)", token: token, json: body, headers: headers)
    }

    /// Whether the public menu shows `itemId` as available (`nil` when it is not on the menu).
    func isAvailable(_ itemId: String) async throws -> Bool? {
        let menu = try await call(.get, "/api/menu/items?tenant_id=\(demoTenant)")
        return (menu["items"] as? [[String: Any]])?.first { $0["id"] as? String == itemId }?["is_available"] as? Bool
    }

    /// The demo journey's cart (docs/glossary.md, "Demo journey"): 2 Paneer Tikka, 1 Dal Makhani,
    /// 3 Garlic Naan at table 5.
    func placeSeedOrder(token: String, customerId: String? = nil, headers: HTTPFields = [:]) async throws -> JSONResponse {
        try await placeOrder(token: token, items: [
            ["menu_item_id": "item_001", "quantity": 2, "special_instructions": NSNull()],
            ["menu_item_id": "item_003", "quantity": 1, "special_instructions": NSNull()],
            ["menu_item_id": "item_005", "quantity": 3, "special_instructions": NSNull()],
        ], customerId: customerId, headers: headers)
    }
}

/// Money in a JSON answer (rupees), as decimal text to compare with the expected figures.
func rupees(_ value: Any?) -> String? {
    guard let number = value as? NSNumber else { return nil }
    return "\(number.doubleValue)"
}
