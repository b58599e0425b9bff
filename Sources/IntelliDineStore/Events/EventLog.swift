import Foundation
import GRDB

/// The durable event log (docs/architecture.md, "The event log and its consumers"; every type
/// is in docs/events.md). Events are appended inside the transaction that makes
/// the change they describe, never after commit, so the log and the state cannot disagree.
public enum EventLog {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    static let decoder = JSONDecoder()

    /// Appends one event of the payload's type; returns its `seq`.
    @discardableResult
    static func append<Payload: EventPayload>(
        _ db: Database, tenantId: String, aggregateId: String, payload: Payload, at instant: Date
    ) throws -> Int64 {
        try insert(
            db, tenantId: tenantId, type: Payload.eventType, aggregateId: aggregateId,
            payload: String(decoding: try encoder.encode(StoredPayload(payload: payload)), as: UTF8.self), at: instant)
    }

    /// The same for a payload on the hot path, which writes its own JSON (`SelfWritingPayload`).
    @discardableResult
    static func append<Payload: SelfWritingPayload>(
        _ db: Database, tenantId: String, aggregateId: String, payload: Payload, at instant: Date
    ) throws -> Int64 {
        var json = JSONText(capacity: 1024)
        payload.write(to: &json)
        return try insert(db, tenantId: tenantId, type: Payload.eventType, aggregateId: aggregateId, payload: json.string, at: instant)
    }

    /// A payload already written, for the order path (`PlacedRows`), which writes it before the
    /// transaction and fills in the writer's values there.
    @discardableResult
    static func append(
        _ db: Database, tenantId: String, aggregateId: String, type: String, payload: String, at instant: Date
    ) throws -> Int64 {
        try insert(db, tenantId: tenantId, type: type, aggregateId: aggregateId, payload: payload, at: instant)
    }

    /// The log's newest `seq`, 0 when it is empty: one seek at the end of its rowid tree.
    static func head(_ db: Database) throws -> Int64 {
        try db.fetchBound("SELECT COALESCE(MAX(seq), 0) FROM events", { _ in }, { Int64($0.int(0)) }) ?? 0
    }

    /// The events a query's `WHERE` and `ORDER BY` select, read as `EventRecord.init(_:)` expects.
    static func events(_ db: Database, where condition: String, _ bind: (inout BoundValues) -> Void) throws -> [EventRecord] {
        try db.fetchAllBound("SELECT \(EventRecord.boundColumns) FROM events WHERE \(condition)", bind, EventRecord.init)
    }

    private static func insert(
        _ db: Database, tenantId: String, type: String, aggregateId: String, payload: String, at instant: Date
    ) throws -> Int64 {
        try db.runBound("INSERT INTO events (id, tenant_id, type, aggregate_id, payload, occurred_at) VALUES (?, ?, ?, ?, ?, ?)") {
            $0.add(RecordID.make("evt")); $0.add(tenantId); $0.add(type); $0.add(aggregateId); $0.add(payload)
            $0.add(Timestamp.string(instant))
        }
        return db.lastInsertedRowID
    }
}

extension AppDatabase {
    /// Every event about one aggregate (an order), in log order.
    public func events(forAggregate id: String) async throws -> [EventRecord] {
        try await pool.read { db in
            try EventLog.events(db, where: "aggregate_id = ? ORDER BY seq") { $0.add(id) }
        }
    }
}
