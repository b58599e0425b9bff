import Foundation
@testable import IntelliDineCloud
import NIOCore
import Testing

/// The ingest door's reader: a batch's envelope read, every payload passed on as the exact bytes the
/// box signed, and anything Postgres would refuse later refused here with a 400's message.
@Suite("intellidine-cloud: reading a batch at the door")
struct ReceivedBatchTests {
    static func body(_ events: String, box: String = "box-1") -> ByteBuffer {
        ByteBuffer(string: #"{"box_id":"\#(box)","batch_id":"b-1","events":[\#(events)]}"#)
    }

    static func event(id: String = "evt-1", seq: String = "1", payload: String = #"{"total":10.5}"#) -> String {
        #"{"id":"\#(id)","seq":\#(seq),"tenant_id":"t1","type":"order.created","aggregate_id":"o-1","occurred_at":"2026-12-03T07:00:00.000Z","payload":\#(payload)}"#
    }

    static func refusal(_ body: ByteBuffer, box: String = "box-1") -> String? {
        do {
            _ = try ReceivedBatch.parse(body, boxId: box)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("Payloads reach Postgres as the bytes the box sent, and the envelope's escapes are decoded")
    func payloadBytesKept() throws {
        let payload = #"{ "items" : [ {"name":"Paneer \"Tikka\" \u00e9\ud83c\udf36", "qty":2} ], "total": 1088.55e0, "note":null, "b":true }"#
        let body = Self.body(Self.event(id: #"evt-\u0031\/x"#, seq: "42", payload: payload) + "," + Self.event(id: "évt-2", seq: "43"))
        let batch = try ReceivedBatch.parse(body, boxId: "box-1")
        #expect(batch.ids == ["evt-1/x", "évt-2"])
        #expect(batch.seqs == [42, 43])
        #expect(batch.payloads == [payload, #"{"total":10.5}"#])
        #expect(batch.occurred.first == Date(timeIntervalSince1970: 1_796_281_200))
        // The payload still means what JSONSerialization reads in it.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(batch.payloads[0].utf8)) as? [String: Any])
        #expect((object["items"] as? [[String: Any]])?.first?["name"] as? String == "Paneer \"Tikka\" é🌶")
    }

    @Test("An empty batch is a heartbeat, and unknown fields are passed over")
    func heartbeatAndUnknownFields() throws {
        let batch = try ReceivedBatch.parse(ByteBuffer(string: #" {"box_id":"box-1","x":[1,{"y":[]}],"batch_id":"heartbeat-box-1","events":[]} "#), boxId: "box-1")
        #expect(batch.isEmpty)
    }

    @Test("What is not JSON, or not a batch, or what Postgres's jsonb would refuse, is refused", arguments: [
        "", "{", "[]", "null", #"{"box_id":"box-1","batch_id":"b","events":[]} x"#,
        #"{"box_id":"box-1","batch_id":"b"}"#, #"{"box_id":"box-1","events":[]}"#, #"{"batch_id":"b","events":[]}"#,
        #"{"box_id":"box-1","batch_id":"b","events":{}}"#, #"{"box_id":"box-1","batch_id":"b","events":[],"events":[]}"#,
        #"{"box_id":"box-1","batch_id":"b","events":[1,]}"#, #"{'box_id':"box-1"}"#,
    ])
    func notABatch(_ text: String) {
        #expect(Self.refusal(ByteBuffer(string: text)) != nil)
    }

    @Test("A payload's bad JSON is refused at the door, not left to fail a transaction", arguments: [
        #"{"a":"\u0000"}"#, #"{"a":"\ud800"}"#, #"{"a":"\udc00x"}"#, #"{"a":"\ud800\u0041"}"#, "{\"a\":\"tab\tin\"}",
        #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":1e}"#, #"{"a":1e99999}"#, #"{"a":-}"#, #"{"a":tru}"#,
        #"{"a":"\x"}"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":[1 2]}"#, #"{"a":123456789012345678901234567890123456789012345}"#,
        String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
    ])
    func badPayload(_ payload: String) {
        #expect(Self.refusal(Self.body(Self.event(payload: payload))) != nil, "\(payload)")
    }

    @Test("Text that is not UTF-8 is refused")
    func notUTF8() {
        var body = Self.body(Self.event(payload: #"{"a":"xx"}"#))
        let at = body.readableBytesView.firstIndex(of: UInt8(ascii: "x"))!
        body.setBytes([0xC3, 0x28], at: at)
        #expect(Self.refusal(body) == ReceivedBatch.notABatch.message)
    }

    @Test("An event's fields are checked: kinds, ranges, the payload an object, the time ISO 8601", arguments: [
        Self.event(seq: "0"), Self.event(seq: "1.5"), Self.event(seq: "\"1\""), Self.event(seq: "99999999999999999999"),
        Self.event(payload: "[]"), Self.event(payload: #""{}""#), Self.event(id: ""), Self.event(id: String(repeating: "x", count: 129)),
        Self.event().replacingOccurrences(of: "2026-12-03T07:00:00.000Z", with: "yesterday"),
        Self.event().replacingOccurrences(of: #""tenant_id":"t1","#, with: ""), "1",
    ])
    func badEvent(_ event: String) {
        #expect(Self.refusal(Self.body(event)) != nil, "\(event)")
    }

    @Test("The box in the body must be the box that signed")
    func otherBox() {
        #expect(Self.refusal(Self.body(Self.event(), box: "box-2")) == "box_id does not match the X-Intellidine-Box header")
    }

    @Test("What JSONSerialization reads, the scanner passes, over generated documents")
    func agreesWithFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        func value(_ depth: Int) -> Any {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
            case 0: return Int.random(in: -1_000_000...1_000_000, using: &generator)
            case 1: return Double(Int.random(in: -100_000...100_000, using: &generator)) / 100
            case 2: return String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "aé\"\\/\n\t🌶x{}[],:\u{1}".randomElement()! })
            case 3: return [true, false, NSNull()].randomElement()! as Any
            case 4: return (0..<Int.random(in: 0...4, using: &generator)).map { _ in value(depth + 1) }
            default: return Dictionary(uniqueKeysWithValues: (0..<Int.random(in: 0...4, using: &generator)).map { ("k\($0)\u{e9}", value(depth + 1)) })
            }
        }
        for _ in 0..<300 {
            let payload = Dictionary(uniqueKeysWithValues: (0..<3).map { ("p\($0)", value(1)) })
            let text = String(decoding: try JSONSerialization.data(withJSONObject: payload, options: [.prettyPrinted]), as: UTF8.self)
            let batch = try ReceivedBatch.parse(Self.body(Self.event(payload: text)), boxId: "box-1")
            #expect(batch.payloads == [text])
        }
    }
}
