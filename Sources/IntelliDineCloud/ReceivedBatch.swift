import Foundation
import IntelliDineIngest
import IntelliDineJSON
import NIOCore

/// A box's batch as received, checked and laid out in columns for one `INSERT … SELECT FROM unnest`.
/// Read with `JSONScanner`: a catching-up chain posts a million events at once, and each payload
/// goes to Postgres as the bytes the box signed, checked but never rebuilt.
struct ReceivedBatch {
    var ids: [String] = [], seqs: [Int64] = [], tenants: [String] = [], types: [String] = [], aggregates: [String] = []
    var occurred: [Date] = []
    var payloads: [String] = []
    var isEmpty: Bool { ids.isEmpty }

    struct Refusal: Error { var message: String }

    static let notABatch = Refusal(message: "The body is not a batch: {\"box_id\", \"batch_id\", \"events\": [...]}")

    static func parse(_ body: ByteBuffer, boxId: String) throws(Refusal) -> ReceivedBatch {
        let parsed: Result<(String?, Bool, ReceivedBatch), Refusal> = body.withUnsafeReadableBytes { bytes in
            // Postgres refuses text that is not UTF-8; refused here, the box parks the batch rather
            // than sending it forever.
            guard JSONScanner.isUTF8(bytes) else { return .failure(notABatch) }
            var scanner = JSONScanner(bytes)
            var box: String?, hasBatchId = false, hasEvents = false, batch = ReceivedBatch(), events = 0
            do throws(JSONScanner.Malformed) {
                var refusal: Refusal?
                try scanner.object { scanner, key throws(JSONScanner.Malformed) in
                    switch key {
                    case "box_id":
                        box = nil
                        if try scanner.peek() == UInt8(ascii: "\"") { box = try scanner.string() } else { try scanner.skipValue() }
                    case "batch_id":
                        hasBatchId = try scanner.peek() == UInt8(ascii: "\"")
                        try scanner.skipValue()
                    case "events":
                        guard !hasEvents else { throw JSONScanner.Malformed() }
                        hasEvents = true
                        try scanner.array { scanner throws(JSONScanner.Malformed) in
                            events += 1
                            if refusal == nil, events > IngestContract.maxEvents {
                                refusal = Refusal(message: "A batch holds at most \(IngestContract.maxEvents) events")
                            }
                            let event = try Event.read(&scanner)
                            if refusal == nil, let problem = batch.append(event) { refusal = problem }
                        }
                    default: try scanner.skipValue()
                    }
                }
                try scanner.finish()
                if let refusal { return .failure(refusal) }
            } catch {
                return .failure(notABatch)
            }
            return .success((box, hasBatchId && hasEvents, batch))
        }
        let (box, isComplete, batch) = try parsed.get()
        guard let box, isComplete else { throw notABatch }
        guard box == boxId else { throw Refusal(message: "box_id does not match the \(IngestContract.boxHeader) header") }
        return batch
    }

    /// One event's fields as they came; checked by `append`.
    struct Event {
        var id: String?, type: String?, tenant: String?, aggregate: String?, occurredAt: String?
        var seq: Int64?
        var payload: String?
        var payloadIsObject = false

        static func read(_ scanner: inout JSONScanner) throws(JSONScanner.Malformed) -> Event {
            var event = Event()
            guard try scanner.peek() == UInt8(ascii: "{") else { try scanner.skipValue(); return event }
            try scanner.object { scanner, key throws(JSONScanner.Malformed) in
                let first = try scanner.peek()
                switch (key, first) {
                case ("id", UInt8(ascii: "\"")): event.id = try scanner.string()
                case ("type", UInt8(ascii: "\"")): event.type = try scanner.string()
                case ("tenant_id", UInt8(ascii: "\"")): event.tenant = try scanner.string()
                case ("aggregate_id", UInt8(ascii: "\"")): event.aggregate = try scanner.string()
                case ("occurred_at", UInt8(ascii: "\"")): event.occurredAt = try scanner.string()
                case ("seq", _) where first == UInt8(ascii: "-") || (48...57).contains(first): event.seq = try scanner.integer()
                case ("payload", UInt8(ascii: "{")):
                    event.payload = scanner.text(try scanner.skipValue())
                    event.payloadIsObject = true
                default:
                    // A field of the wrong kind counts as missing (the last copy of a repeated key wins).
                    switch key {
                    case "id": event.id = nil
                    case "type": event.type = nil
                    case "tenant_id": event.tenant = nil
                    case "aggregate_id": event.aggregate = nil
                    case "occurred_at": event.occurredAt = nil
                    case "seq": event.seq = nil
                    case "payload": event.payload = nil; event.payloadIsObject = false
                    default: break
                    }
                    try scanner.skipValue()
                }
            }
            return event
        }
    }

    /// Adds a read event, or says what is wrong with it.
    mutating func append(_ event: Event) -> Refusal? {
        guard let id = event.id, (1...128).contains(id.utf8.count),
              let type = event.type, (1...128).contains(type.utf8.count),
              let seq = event.seq, seq > 0,
              let tenant = event.tenant, tenant.utf8.count <= 128,
              let aggregate = event.aggregate, aggregate.utf8.count <= 256
        else { return Refusal(message: "An event's id, type, seq, tenant_id or aggregate_id is missing or out of range") }
        guard let payload = event.payload, event.payloadIsObject else { return Refusal(message: "Event \(id): the payload is not an object") }
        guard let at = event.occurredAt.flatMap(Timestamps.parse) else {
            return Refusal(message: "Event \(id): occurred_at is not an ISO 8601 time")
        }
        ids.append(id)
        seqs.append(seq)
        tenants.append(tenant)
        types.append(type)
        aggregates.append(aggregate)
        occurred.append(at)
        payloads.append(payload)
        return nil
    }
}
