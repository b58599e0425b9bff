import Foundation
import IntelliDineStore

/// One text frame for a live client. Events carry the log's `seq`, so a client that reconnects
/// says where it stopped and gets exactly what it missed.
enum StreamFrame: Sendable {
    /// `committedAt`: when the event's transaction committed, for the kitchen's latency metric
    /// (nil for events read back from the log at a client's start).
    case event(seq: Int64, text: String, committedAt: ContinuousClock.Instant?)
    case control(String)

    /// `{"type":"event","seq":…,"event_type":…,"order_id":…,"data":{the event's payload}}`: the
    /// stored payload is embedded as it is, not decoded and encoded again.
    static func event(_ record: EventRecord, committedAt: ContinuousClock.Instant? = nil) -> StreamFrame {
        let text = #"{"type":"event","seq":\#(record.seq ?? 0),"event_type":\#(quoted(record.type)),"order_id":\#(quoted(record.aggregateId)),"occurred_at":\#(quoted(record.occurredAt)),"data":\#(record.payload)}"#
        return .event(seq: record.seq ?? 0, text: text, committedAt: committedAt)
    }

    static func ping(seq: Int64) -> StreamFrame { .control(#"{"type":"ping","seq":\#(seq)}"#) }
    static let pong = StreamFrame.control(#"{"type":"pong"}"#)
    static func caughtUp(seq: Int64) -> StreamFrame { .control(#"{"type":"caught_up","seq":\#(seq)}"#) }

    /// A JSON string literal of `text`.
    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONBody.encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}

/// The first frame of a new client: the board as of `seq`.
struct SnapshotFrame: Encodable {
    var type = "snapshot"
    var seq: Int64
    var orders: [OrderJSON]
}
