import Foundation
import GRDB

/// What the manager's sync screen shows.
public struct ForwarderStatus: Sendable, Equatable {
    public var cursor: Int64
    public var head: Int64
    public var oldestUnsentAt: String?
    public var lastSuccessAt: String?
    public var lastError: String?
    public var parked: [ParkedBatchRecord]
    public var backlog: Int64 { max(0, head - cursor) }
}

extension AppDatabase {
    /// Parks a refused batch and moves the forwarder past it, in one transaction: it is neither
    /// lost nor sent again by itself.
    public func parkBatch(_ batch: ParkedBatchRecord, consumer: String, at instant: Date) async throws {
        try await pool.write { db in
            try batch.insert(db)
            try Self.advanceCursor(db, consumer: consumer, to: batch.lastSeq, at: instant)
            try Self.noteForwarderError(db, "parked \(batch.id): \(batch.reason)", at: instant)
        }
    }

    public func recordForwarderSuccess(at instant: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO forwarder_state (id, last_success_at) VALUES (1, ?)
                ON CONFLICT (id) DO UPDATE SET last_success_at = excluded.last_success_at
                """, arguments: [Timestamp.string(instant)])
        }
    }

    public func recordForwarderError(_ message: String, at instant: Date) async throws {
        try await pool.write { db in try Self.noteForwarderError(db, message, at: instant) }
    }

    private static func noteForwarderError(_ db: Database, _ message: String, at instant: Date) throws {
        try db.execute(sql: """
            INSERT INTO forwarder_state (id, last_error, last_error_at) VALUES (1, ?, ?)
            ON CONFLICT (id) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at
            """, arguments: [message, Timestamp.string(instant)])
    }

    public func parkedBatch(id: String) async throws -> ParkedBatchRecord? {
        try await pool.read { db in try ParkedBatchRecord.fetchOne(db, key: id) }
    }

    public func markParkedBatchDelivered(id: String, at instant: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE parked_batches SET delivered_at = ? WHERE id = ?", arguments: [Timestamp.string(instant), id])
        }
    }

    public func forwarderStatus(consumer: String) async throws -> ForwarderStatus {
        try await pool.read { db in
            let cursor = try Int64.fetchOne(db, sql: "SELECT last_seq FROM consumer_cursors WHERE consumer = ?", arguments: [consumer]) ?? 0
            let state = try Row.fetchOne(db, sql: "SELECT * FROM forwarder_state WHERE id = 1")
            return ForwarderStatus(
                cursor: cursor,
                head: try EventLog.head(db),
                oldestUnsentAt: try String.fetchOne(db, sql: "SELECT occurred_at FROM events WHERE seq > ? ORDER BY seq LIMIT 1", arguments: [cursor]),
                lastSuccessAt: state?["last_success_at"],
                lastError: state?["last_error"],
                parked: try ParkedBatchRecord.fetchAll(db, sql: "SELECT * FROM parked_batches WHERE delivered_at IS NULL ORDER BY first_seq"))
        }
    }
}
