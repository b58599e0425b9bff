import Foundation
import IntelliDineIngest
import NIOCore

/// A box's batch as received, checked and laid out in columns for one `INSERT … SELECT FROM unnest`.
/// Read with JSONSerialization rather than Codable: a catching-up chain posts a million events at
/// once, and each payload only needs to reach Postgres as JSON text again.
struct ReceivedBatch {
    var ids: [String] = [], seqs: [Int64] = [], tenants: [String] = [], types: [String] = [], aggregates: [String] = []
    var occurred: [Date] = []
    var payloads: [String] = []
    var isEmpty: Bool { ids.isEmpty }

    struct Refusal: Error { var message: String }

    static func parse(_ body: ByteBuffer, boxId: String) throws(Refusal) -> ReceivedBatch {
        guard let top = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any],
              let box = top["box_id"] as? String, top["batch_id"] is String, let events = top["events"] as? [[String: Any]]
        else { throw Refusal(message: "The body is not a batch: {\"box_id\", \"batch_id\", \"events\": [...]}") }
        guard box == boxId else { throw Refusal(message: "box_id does not match the \(IngestContract.boxHeader) header") }
        guard events.count <= IngestContract.maxEvents else { throw Refusal(message: "A batch holds at most \(IngestContract.maxEvents) events") }
        var batch = ReceivedBatch()
        for event in events {
            guard let id = event["id"] as? String, (1...128).contains(id.utf8.count),
                  let type = event["type"] as? String, (1...128).contains(type.utf8.count),
                  let seq = Self.integer(event["seq"]), seq > 0,
                  let tenant = event["tenant_id"] as? String, tenant.utf8.count <= 128,
                  let aggregate = event["aggregate_id"] as? String, aggregate.utf8.count <= 256
            else { throw Refusal(message: "An event's id, type, seq, tenant_id or aggregate_id is missing or out of range") }
            guard let payload = event["payload"] as? [String: Any],
                  let text = try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .withoutEscapingSlashes])
            else { throw Refusal(message: "Event \(id): the payload is not an object") }
            guard let at = (event["occurred_at"] as? String).flatMap(Timestamps.parse) else {
                throw Refusal(message: "Event \(id): occurred_at is not an ISO 8601 time")
            }
            batch.ids.append(id)
            batch.seqs.append(seq)
            batch.tenants.append(tenant)
            batch.types.append(type)
            batch.aggregates.append(aggregate)
            batch.occurred.append(at)
            batch.payloads.append(String(decoding: text, as: UTF8.self))
        }
        return batch
    }

    /// A JSON integer: not a fraction, and not `true` (which `as? Bool` would also match for 1 and 0,
    /// so the number's own type is asked: "c" is a boolean's).
    static func integer(_ value: Any?) -> Int64? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return Int64(exactly: number.doubleValue)
    }
}
