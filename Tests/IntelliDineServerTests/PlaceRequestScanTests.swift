import Foundation
@testable import IntelliDineServer
import NIOCore
import Testing

/// `PlaceRequest.scanned` reads the common order body without `JSONDecoder`. What it reads must be
/// what `JSONDecoder` reads; what it does not read it must leave to `JSONDecoder` (nil), whose
/// refusals are the API's (422 with the field, 400 for bad JSON).
@Suite("The order body read from its bytes is what JSONDecoder reads, or left to it")
struct PlaceRequestScanTests {
    typealias PlaceRequest = OrdersController.PlaceRequest

    func scanned(_ text: String) -> PlaceRequest? { PlaceRequest.scanned(ByteBuffer(string: text)) }
    func scanned(_ bytes: [UInt8]) -> PlaceRequest? { PlaceRequest.scanned(ByteBuffer(bytes: bytes)) }
    func decoded(_ text: String) -> PlaceRequest? { try? JSONDecoder().decode(PlaceRequest.self, from: Data(text.utf8)) }

    @Test("Bodies as phones, waiters and scripts send them: read, and equal to JSONDecoder's reading field by field", arguments: [
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":2}]}"#,
        #"{"items":[{"quantity":1,"menu_item_id":"item_003"},{"menu_item_id":"item_005","quantity":3}],"table_id":"tbl-005"}"#,
        " \n{ \"table_id\" : \"tbl-005\" ,\t\"items\" : [ { \"menu_item_id\" : \"item_001\" , \"quantity\" : 2 } ] }\r\n",
        #"{"table_id":"tbl-005","customer_id":"cust-1","service_charge":true,"items":[{"menu_item_id":"item_001","quantity":1,"variant_id":"half","options":["extra-cheese","no-onion"],"special_instructions":"less spicy"}]}"#,
        #"{"table_id":"tbl-005","service_charge":false,"items":[{"menu_item_id":"item_001","quantity":1,"options":[]}]}"#,
        #"{"table_id":"tbl-005","items":[]}"#,
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":-1}]}"#,
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":0}]}"#,
        #"{"table_id":"","items":[{"menu_item_id":"","quantity":9223372036854775807}]}"#,
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":1,"special_instructions":"\"hot\"\n\t\\ \/ \u00e9 \ud83d\ude00 <img src=x onerror=alert(1)>"}]}"#,
        "{\"table_id\":\"टेबल-5\",\"items\":[{\"menu_item_id\":\"item_001\",\"quantity\":1,\"special_instructions\":\"कम तीखा 🌶\"}]}",
    ])
    func readAsJSONDecoderReadsThem(body: String) throws {
        let expected = try #require(decoded(body), "JSONDecoder reads \(body)")
        let read = try #require(scanned(body), "scanned \(body)")
        #expect(read.canonicalJSON == expected.canonicalJSON)
        #expect(read.items.map(\.special_instructions) == expected.items.map(\.special_instructions))
    }

    @Test("Anything else is left to JSONDecoder: null, unknown or repeated keys, prices, fractions, strings for numbers, bad JSON, bad UTF-8", arguments: [
        #"{"table_id":"tbl-005","customer_id":null,"items":[{"menu_item_id":"item_001","quantity":1}]}"#,
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":1,"unit_price":100.5}]}"#,
        #"{"table_id":"tbl-005","tip":10,"items":[{"menu_item_id":"item_001","quantity":1}]}"#,
        #"{"table_id":"tbl-005","table_id":"tbl-006","items":[{"menu_item_id":"item_001","quantity":1}]}"#,
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":1,"quantity":2}]}"#,
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":2.0}]}"#,
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":1e2}]}"#,
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":"2"}]}"#,
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":99999999999999999999}]}"#,
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001"}]}"#,
        #"{"table_id":"tbl-005"}"#,
        #"{"items":[{"menu_item_id":"item_001","quantity":1}]}"#,
        #"{"table_id":5,"items":[{"menu_item_id":"item_001","quantity":1}]}"#,
        #"{"table_id":"tbl-005","items":{"menu_item_id":"item_001","quantity":1}}"#,
        #"{"table_id":"tbl-005","service_charge":"yes","items":[]}"#,
        #"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":1,"special_instructions":"\u0000"}]}"#,
        #"{"table_id":"tbl-005","items":[]} trailing"#,
        #"{"table_id":"tbl-005","items":[],}"#,
        #"[{"table_id":"tbl-005","items":[]}]"#,
        "",
        "   ",
    ])
    func leftToJSONDecoder(body: String) {
        #expect(scanned(body) == nil, "\(body)")
    }

    @Test("Bytes that are not UTF-8 are left to JSONDecoder, which refuses them")
    func notUTF8() {
        var bytes = Array(#"{"table_id":"tbl-005","items":[{"menu_item_id":"item_001","quantity":1,"special_instructions":"x"}]}"#.utf8)
        let quote = bytes.lastIndex(of: UInt8(ascii: "x"))!
        bytes[quote] = 0xC3  // a lead byte with no continuation
        #expect(scanned(bytes) == nil)
        #expect((try? JSONDecoder().decode(PlaceRequest.self, from: Data(bytes))) == nil)
    }
}
