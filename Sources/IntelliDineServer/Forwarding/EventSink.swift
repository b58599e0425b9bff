import Foundation
import IntelliDineStore

/// Where the forwarder ships events: the HTTPS ingest or a Kafka REST Proxy. One narrow interface
/// per backend.
public protocol EventSink: Sendable {
    /// `http` or `kafka-rest`, for the sync screen and the parked batches.
    var kind: String { get }
    /// Delivers the whole batch, or throws `SinkError`.
    func deliver(_ batch: OutgoingBatch) async throws
}

/// How a delivery failed: worth retrying (down, 408, 429, 5xx, timeout, dropped connection), or
/// refused as invalid (any other 4xx), which parks the batch.
public enum SinkError: Error, CustomStringConvertible {
    case retryable(String)
    case rejected(status: Int, reason: String)

    public var description: String {
        switch self {
        case .retryable(let reason): "retryable: \(reason)"
        case .rejected(let status, let reason): "rejected (\(status)): \(reason)"
        }
    }

    /// The ingest contract's reading of an HTTP status.
    static func from(status: Int, body: String) -> SinkError? {
        switch status {
        case 200..<300: nil
        case 408, 429, 500...: .retryable("HTTP \(status)")
        default: .rejected(status: status, reason: String(body.prefix(500)))
        }
    }
}

/// A batch of events in `seq` order, with its JSON wire form. Its id is derived from the box and
/// the seq range, so a retry carries the same `batch_id`.
public struct OutgoingBatch: Sendable {
    public let boxId: String
    public let events: [EventRecord]

    public var id: String { "batch-\(boxId)-\(events.first?.seq ?? 0)-\(events.last?.seq ?? 0)" }
    public var firstSeq: Int64 { events.first?.seq ?? 0 }
    public var lastSeq: Int64 { events.last?.seq ?? 0 }

    /// One event as the cloud receives it. The payload is already JSON text and is spliced in
    /// as it is, not decoded and re-encoded: this is the forwarder's hot loop.
    static func json(_ event: EventRecord) -> String {
        "{\"id\":\(quote(event.id)),\"seq\":\(event.seq ?? 0),\"tenant_id\":\(quote(event.tenantId)),"
            + "\"type\":\(quote(event.type)),\"aggregate_id\":\(quote(event.aggregateId)),"
            + "\"occurred_at\":\(quote(event.occurredAt)),\"payload\":\(event.payload)}"
    }

    /// The ingest body: `{"box_id", "batch_id", "events": [...]}`.
    var ingestBody: Data {
        var body = "{\"box_id\":\(Self.quote(boxId)),\"batch_id\":\(Self.quote(id)),\"events\":["
        body.reserveCapacity(events.reduce(64) { $0 + $1.payload.utf8.count + 200 })
        for (index, event) in events.enumerated() {
            if index > 0 { body += "," }
            body += Self.json(event)
        }
        body += "]}"
        return Data(body.utf8)
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
