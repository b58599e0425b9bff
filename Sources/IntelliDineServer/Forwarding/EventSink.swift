import AsyncHTTPClient
import Foundation
import IntelliDineStore
import NIOCore

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

extension EventSink {
    /// One HTTP exchange with the cloud: the status and body, or `retryable` when the request
    /// never got an answer (down, refused, timed out, dropped).
    func exchange(_ request: HTTPClientRequest, client: HTTPClient, timeout: TimeAmount) async throws -> (status: Int, body: ByteBuffer) {
        do {
            let response = try await client.execute(request, timeout: timeout)
            return (Int(response.status.code), try await response.body.collect(upTo: 1 << 20))
        } catch {
            throw SinkError.retryable("\(error)")
        }
    }
}

/// A batch of events in `seq` order, with its JSON wire form. Its id is derived from the box and
/// the seq range, so a retry carries the same `batch_id`.
public struct OutgoingBatch: Sendable {
    public let boxId: String
    public let events: [EventRecord]
    /// What is still to send after this batch, for the cloud's fleet view (docs/cloud-ingest.md,
    /// "Backlog and heartbeats"); absent on a parked batch's retry.
    public var backlog: Backlog?

    public struct Backlog: Sendable, Equatable {
        public var count: Int64
        /// When the oldest event still to send happened (UTC, ISO 8601); nil when nothing is left.
        public var oldestUnsent: String?
    }

    public init(boxId: String, events: [EventRecord], backlog: Backlog? = nil) {
        self.boxId = boxId
        self.events = events
        self.backlog = backlog
    }

    public var id: String {
        guard let first = events.first?.seq, let last = events.last?.seq else { return "heartbeat-\(boxId)" }
        return "batch-\(boxId)-\(first)-\(last)"
    }
    public var firstSeq: Int64 { events.first?.seq ?? 0 }
    public var lastSeq: Int64 { events.last?.seq ?? 0 }

    /// One event as the cloud receives it. The payload is already JSON text and is spliced in
    /// as it is, not decoded and re-encoded: this is the forwarder's hot loop.
    static func json(_ event: EventRecord) -> String {
        var out = [UInt8]()
        append(event, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func append(_ event: EventRecord, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"id":"#.utf8)
        appendQuoted(event.id, to: &out)
        out.append(contentsOf: #","seq":"#.utf8)
        out.append(contentsOf: String(event.seq ?? 0).utf8)
        out.append(contentsOf: #","tenant_id":"#.utf8)
        appendQuoted(event.tenantId, to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        appendQuoted(event.type, to: &out)
        out.append(contentsOf: #","aggregate_id":"#.utf8)
        appendQuoted(event.aggregateId, to: &out)
        out.append(contentsOf: #","occurred_at":"#.utf8)
        appendQuoted(event.occurredAt, to: &out)
        out.append(contentsOf: #","payload":"#.utf8)
        out.append(contentsOf: event.payload.utf8)
        out.append(UInt8(ascii: "}"))
    }

    /// The ingest body: `{"box_id", "batch_id", "events": [...]}`, built as bytes in one buffer.
    var ingestBody: Data {
        var out = [UInt8]()
        out.reserveCapacity(events.reduce(64) { $0 + $1.payload.utf8.count + 200 })
        out.append(contentsOf: #"{"box_id":"#.utf8)
        Self.appendQuoted(boxId, to: &out)
        out.append(contentsOf: #","batch_id":"#.utf8)
        Self.appendQuoted(id, to: &out)
        out.append(contentsOf: #","events":["#.utf8)
        for (index, event) in events.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.append(event, to: &out)
        }
        out.append(contentsOf: "]}".utf8)
        return Data(out)
    }

    /// Appends a JSON string literal; only quotes, backslashes and control characters need escapes.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0..<0x20: out.append(contentsOf: String(format: "\\u%04x", byte).utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var out = [UInt8]()
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
