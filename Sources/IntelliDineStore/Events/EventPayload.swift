import Foundation
import GRDB

/// An event's payload: a `Codable` shape with its type name, written once here and nowhere else
/// (docs/events.md lists every one). The name is the log's `type` column and the payload's own
/// `event_type` field, which downstream readers of a payload alone (a Kafka topic) rely on.
public protocol EventPayload: Codable, Sendable {
    static var eventType: String { get }
}

extension EventRecord {
    /// The payload as `P`, or nil when this event is of another type.
    public func decode<P: EventPayload>(_: P.Type) throws -> P? {
        guard type == P.eventType else { return nil }
        return try EventLog.decoder.decode(P.self, from: Data(payload.utf8))
    }
}

/// A payload that writes its stored form itself (its fields and `event_type`, keys in byte
/// order), byte for byte what `StoredPayload` encodes: for the events of the order path.
protocol SelfWritingPayload: EventPayload {
    func write(to json: inout JSONText)
}

/// The payload as stored: its fields plus `event_type`, taken from the type.
struct StoredPayload<Payload: EventPayload>: Encodable {
    let payload: Payload

    enum Keys: String, CodingKey { case event_type }

    func encode(to encoder: any Encoder) throws {
        try payload.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(Payload.eventType, forKey: .event_type)
    }
}

/// The log's consumers, by the name their cursor is stored under.
public enum ConsumerName {
    public static let smsNotifier = "sms-notifier"
    public static let kitchenPrinter = "kot-printer"
    public static let cloudForwarder = "cloud-forwarder"
}
