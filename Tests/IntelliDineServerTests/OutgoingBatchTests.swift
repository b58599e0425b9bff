import Foundation
@testable import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("The ingest body")
struct OutgoingBatchTests {
    @Test("Is valid JSON with every field, escapes what must be escaped, and splices the payload as it is")
    func body() throws {
        let events = [
            EventRecord(seq: 7, id: "evt-1", tenantId: "t\"1\\", type: "order.created", aggregateId: "ord-\n\u{1}x",
                        payload: #"{"note":"<img src=x onerror=alert(1)> ₹","n":1}"#, occurredAt: "2025-10-22T13:38:15.000Z"),
            EventRecord(seq: 8, id: "evt-2", tenantId: "t", type: "payment.completed", aggregateId: "ord-2", payload: "{}",
                        occurredAt: "2025-10-22T13:38:16.000Z"),
        ]
        let batch = OutgoingBatch(boxId: "box-1", events: events)
        let json = try JSONSerialization.jsonObject(with: batch.ingestBody) as! [String: Any]
        #expect(json["box_id"] as? String == "box-1")
        #expect(json["batch_id"] as? String == "batch-box-1-7-8")
        let decoded = try #require(json["events"] as? [[String: Any]])
        #expect(decoded.map { $0["seq"] as? Int } == [7, 8])
        #expect(decoded[0]["tenant_id"] as? String == "t\"1\\")
        #expect(decoded[0]["aggregate_id"] as? String == "ord-\n\u{1}x")
        #expect((decoded[0]["payload"] as? [String: Any])?["note"] as? String == "<img src=x onerror=alert(1)> ₹")
    }
}
