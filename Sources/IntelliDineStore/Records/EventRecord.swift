import GRDB

/// One entry of the event log. `seq` is the offset consumers track; `id` is the dedup key downstream.
public struct EventRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "events"
    public var seq: Int64?
    public var id: String
    public var tenantId: String
    public var type: String
    public var aggregateId: String
    /// JSON text, one shape per `type` (docs/events.md).
    public var payload: String
    public var occurredAt: String

    public init(seq: Int64?, id: String, tenantId: String, type: String, aggregateId: String, payload: String, occurredAt: String) {
        self.seq = seq
        self.id = id
        self.tenantId = tenantId
        self.type = type
        self.aggregateId = aggregateId
        self.payload = payload
        self.occurredAt = occurredAt
    }
}
