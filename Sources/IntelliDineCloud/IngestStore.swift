import Foundation
import IntelliDineIngest
import Logging
import PostgresNIO

/// Why a batch was not stored.
public enum IngestRefusal: Error, Equatable {
    /// The box is not registered, or was revoked (possibly while the batch was on its way).
    case unknownBox
}

/// What one batch did.
public struct IngestOutcome: Sendable, Equatable {
    public var stored: Int
    public var duplicates: Int
    public var conflicts: Int
}

/// Storing a box's batch exactly once, with the projections HQ reads, in one transaction
/// (docs/cloud.md, "Ingest"). The answer is given only after the commit.
public struct IngestStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The box's backlog as its headers said, if it said.
    public struct Backlog: Sendable {
        public var count: Int64?
        public var oldestUnsent: Date?
        public init(count: Int64?, oldestUnsent: Date?) { (self.count, self.oldestUnsent) = (count, oldestUnsent) }
    }

    func store(_ batch: ReceivedBatch, boxId: String, backlog: Backlog) async throws -> IngestOutcome {
        try await client.withTransaction(logger: logger) { connection in
            // The box's row first, locked: its batches are stored one at a time, and a box revoked
            // meanwhile stores nothing.
            let rows = try await connection.query("""
                UPDATE boxes SET last_contact = now(), backlog = COALESCE(\(backlog.count), backlog),
                  oldest_unsent = CASE WHEN \(backlog.count)::bigint IS NULL THEN oldest_unsent ELSE \(backlog.oldestUnsent) END
                WHERE box_id = \(boxId) AND revoked_at IS NULL RETURNING last_seq
                """, logger: logger)
            var lastSeq: Int64?
            for try await seq in rows.decode(Int64.self) { lastSeq = seq }
            guard let lastSeq else { throw IngestRefusal.unknownBox }
            guard !batch.isEmpty else { return IngestOutcome(stored: 0, duplicates: 0, conflicts: 0) }

            let ids = batch.ids, payloads = batch.payloads
            var inserted: [String] = []
            var insertedSeqs: [Int64] = []
            for try await (id, seq) in try await connection.query("""
                INSERT INTO events (event_id, box_id, seq, tenant_id, type, aggregate_id, occurred_at, payload)
                SELECT u.id, \(boxId), u.seq, u.tenant, u.type, u.aggregate, u.at, u.payload::jsonb
                FROM unnest(\(ids)::text[], \(batch.seqs)::int8[], \(batch.tenants)::text[],
                            \(batch.types)::text[], \(batch.aggregates)::text[], \(batch.occurred)::timestamptz[],
                            \(payloads)::text[]) AS u(id, seq, tenant, type, aggregate, at, payload)
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id, seq
                """, logger: logger).decode((String, Int64).self) {
                inserted.append(id)
                insertedSeqs.append(seq)
            }
            // Seen before with a different payload: the first copy stays; this one is kept aside for HQ.
            // Only a batch with events seen before is compared (a catching-up box's batches are all new).
            var conflicts = 0
            if inserted.count < ids.count {
                for try await _ in try await connection.query("""
                    INSERT INTO event_conflicts (event_id, box_id, payload)
                    SELECT u.id, \(boxId), u.payload::jsonb FROM unnest(\(ids)::text[], \(payloads)::text[]) AS u(id, payload)
                    JOIN events e ON e.event_id = u.id
                    WHERE NOT (u.id = ANY(\(inserted)::text[])) AND e.payload <> u.payload::jsonb
                    RETURNING id
                    """, logger: logger).decode(Int64.self) {
                    conflicts += 1
                }
            }
            if !inserted.isEmpty {
                try await Projections.apply(inserted, connection: connection, logger: logger)
                let first = insertedSeqs.min()!, newest = insertedSeqs.max()!
                if lastSeq > 0 && first > lastSeq + 1 {
                    try await connection.query("""
                        INSERT INTO seq_gaps (box_id, after_seq, next_seq) VALUES (\(boxId), \(lastSeq), \(first)) ON CONFLICT DO NOTHING
                        """, logger: logger)
                    logger.error("a box's seqs jumped", metadata: ["box_id": "\(boxId)", "after": "\(lastSeq)", "next": "\(first)"])
                }
                // After a restore from backup a box reuses seqs with new event ids: its newest stored seq is where it is now.
                try await connection.query("UPDATE boxes SET last_seq = \(newest) WHERE box_id = \(boxId)", logger: logger)
            }
            let duplicates = ids.count - inserted.count
            try await connection.query("""
                UPDATE boxes SET events_received = events_received + \(inserted.count), duplicates = duplicates + \(duplicates),
                  conflicts = conflicts + \(conflicts) WHERE box_id = \(boxId)
                """, logger: logger)
            return IngestOutcome(stored: inserted.count, duplicates: duplicates, conflicts: conflicts)
        }
    }
}
