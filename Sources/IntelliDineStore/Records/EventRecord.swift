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

extension EventRecord {
    /// The columns `init(_ row:)` reads, in its order.
    static let boundColumns = "seq, id, tenant_id, type, aggregate_id, payload, occurred_at"

    /// An event as `EventLog.events` reads it (`SELECT \(boundColumns) …`): the log's consumers
    /// read every event after every commit, and GRDB's `Codable` decoding of each row was most of that.
    init(_ row: BoundRow) {
        self.init(
            seq: Int64(row.int(0)), id: row.text(1), tenantId: row.text(2), type: row.text(3), aggregateId: row.text(4),
            payload: row.text(5), occurredAt: row.text(6))
    }
}
