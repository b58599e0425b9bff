import Foundation
import HTTPTypes
import HummingbirdTesting
import IntelliDineDomain
@testable import IntelliDineServer
@testable import IntelliDineStore
import Testing

/// The order path writes its 201 body, its `order.created` payload and its idempotency hash with
/// `JSONText` instead of `JSONEncoder`. They must stay byte for byte what the encoder writes: the
/// stored events, the replays and the hashes of claims stored by older builds depend on it.
@Suite("JSONText writes what JSONEncoder writes")
struct JSONTextTests {
    static let encoder = JSONBody.encoder

    static func written(_ body: (inout JSONText) -> Void) -> String {
        var json = JSONText()
        body(&json)
        return json.string
    }

    static func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("Holes for the writer's values: filled, the bytes are those written with the values in the first place")
    func writerHoles() {
        func write(_ json: inout JSONText, round: Int, session: String?, ticket: Int) {
            json.object { json in
                json.field("round", round, writer: .round)
                json.key("items")
                json.array([1, 2]) { json, _ in json.object { $0.field("n", ticket, writer: .ticketNumber) } }
                json.field("table_session_id", ifPresent: session, writer: .tableSessionId)
                json.field("z", "last")
            }
        }
        let values = WriterValues(ticketNumber: 42, tableSessionId: "ses-\"7\"", round: 3)
        var template = JSONText()
        template.leavesWriterFieldsOpen = true
        write(&template, round: 0, session: nil, ticket: 0)
        var direct = JSONText()
        write(&direct, round: 3, session: "ses-\"7\"", ticket: 42)
        #expect(String(decoding: template.filled(values), as: UTF8.self) == direct.string)
        #expect(direct.string == #"{"round":3,"items":[{"n":42},{"n":42}],"table_session_id":"ses-\"7\"","z":"last"}"#)
    }

    @Test("Strings: every ASCII character, each escape, and text beyond ASCII")
    func strings() throws {
        var samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        samples += [
            "", "Paneer Tikka", "a/b \"quoted\" back\\slash", "line\nbreak\ttab\r", "ñ é ₹ 🌶️ मसाला", "\u{2028}\u{2029}\u{FEFF}",
            "\u{1B}@ extra crisp", String(repeating: "ab\"", count: 100),
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let scalars = (0..<Int.random(in: 0...20, using: &generator)).map { _ in
                UnicodeScalar([UInt32.random(in: 0...0x7F), UInt32.random(in: 0x80...0x7FF), UInt32.random(in: 0x1F300...0x1F64F)]
                    .randomElement(using: &generator)!)!
            }
            samples.append(String(String.UnicodeScalarView(scalars)))
        }
        #expect(Self.written { $0.array(samples) { $0.string($1) } } == (try Self.encoded(samples)))
    }

    @Test("Money in rupees, rates in percent, and whole numbers")
    func numbers() throws {
        let paise: [Int64] = Array(-250...250) + [1_000, 1_005, 1_050, 99_999, 108_855, 10_000_000, -4, -40, Int64(Int32.max), 4_611_686_018_427_387_903]
        #expect(Self.written { $0.array(paise) { $0.rupees(Paise($1)) } } == (try Self.encoded(paise.map { Paise($0) })))
        let rates = Array(0...10_000)
        #expect(Self.written { $0.array(rates) { $0.percent(BasisPoints($1)) } } == (try Self.encoded(rates.map { BasisPoints($0).percent })))
        #expect(Self.written { $0.array(rates) { $0.decimal(BasisPoints($1).percent) } } == (try Self.encoded(rates.map { BasisPoints($0).percent })))
        let whole = [0, 1, -1, 9, 10, 42, 1_000_000, Int.max, Int.min]
        #expect(Self.written { $0.array(whole) { $0.int($1) } } == (try Self.encoded(whole)))
        #expect(Self.written { $0.array([true, false]) { $0.bool($1) } } == (try Self.encoded([true, false])))
    }

    /// Orders of every shape through the real server: a guest's and a waiter's, portions and
    /// add-ons, instructions that need escaping, several tax rates, prices that include tax and a
    /// service charge, a discount. For each: the 201 body, the stored event and the request's
    /// canonical form against the encoder's.
    @Test("A placed order's 201 body, its order.created payload and its idempotency hash")
    func placedOrders() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let waiter = try await client.loginStaff("waiter1")
            let guest = try await client.loginGuest(box)
            func line(_ item: String, _ quantity: Int = 1, variant: String? = nil, options: [String]? = nil, note: String? = nil, price: Double? = nil) -> [String: Any] {
                var line: [String: Any] = ["menu_item_id": item, "quantity": quantity]
                if let variant { line["variant_id"] = variant }
                if let options { line["options"] = options }
                if let note { line["special_instructions"] = note }
                if let price { line["unit_price"] = price }
                return line
            }
            var bodies: [(token: String, body: [String: Any])] = [
                (guest.token, ["table_id": "tbl-005", "customer_id": guest.customerId, "items": [line("item_001", 2), line("item_003"), line("item_005", 3)]]),
                (guest.token, ["table_id": "tbl-005", "items": [
                    line("item_002", 2, variant: "half", options: ["hot"], note: "no onion / \"less\" oil\nthanks ñ 🌶️", price: 150),
                    line("item_004", 1, options: ["extra-cheese", "extra-butter"]),
                ]]),
                (waiter, ["table_id": "tbl-003", "items": [line("item_005", 1, note: "\u{1B}@ crisp \\ edge")]]),
            ]
            for (token, body) in bodies { try await Self.check(body, token: token, client: client, box: box) }

            let saved = try await client.call(
                .patch, "/api/restaurant", token: manager,
                json: ["gst_rate": 5, "prices_include_tax": true, "service_charge_percentage": 10, "round_off": true])
            #expect(saved.status == .ok, "\(saved.text)")
            bodies = [
                (guest.token, ["table_id": "tbl-005", "service_charge": true, "items": [line("item_001"), line("item_005", 2)]]),
                (guest.token, ["table_id": "tbl-005", "service_charge": false, "items": [line("item_003", 3)]]),
            ]
            for (token, body) in bodies { try await Self.check(body, token: token, client: client, box: box) }
        }
    }

    static func check(_ body: [String: Any], token: String, client: some TestClientProtocol, box: TestBox) async throws {
        let key = RecordID.make("key")
        let placed = try await client.call(
            .post, "/api/orders?tenant_id=\(demoTenant)", token: token, json: body, headers: [.idempotencyKey: key])
        #expect(placed.status == .created, "\(placed.text)")
        let orderId = try #require(placed.order["id"] as? String)
        let detail = try await box.database.orderDetail(
            tenantId: demoTenant, id: orderId, visibleTo: Actor(id: "test", name: "test", role: .manager))
        #expect(placed.text == (try encoded(Success(PlacedOrderJSON(detail)))))

        let event = try #require(try await box.database.events(forAggregate: orderId).first)
        let payload = try #require(try event.decode(OrderCreatedPayload.self))
        #expect(event.payload == String(decoding: try EventLog.encoder.encode(StoredPayload(payload: payload)), as: UTF8.self))

        let request = try JSONDecoder().decode(OrdersController.PlaceRequest.self, from: JSONSerialization.data(withJSONObject: body))
        #expect(String(decoding: request.canonicalJSON, as: UTF8.self) == (try encoded(request)))

        // The retry is answered from the stored body, byte for byte.
        let replay = try await client.call(
            .post, "/api/orders?tenant_id=\(demoTenant)", token: token, json: body, headers: [.idempotencyKey: key])
        #expect(replay.status == .created && replay.text == placed.text && replay.headers[.idempotentReplayed] == "true")
    }
}
