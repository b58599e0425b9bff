import GRDB

/// The event log (the box's Kafka: `seq` is the offset, `id` the dedup key downstream),
/// consumer cursors, and stored responses for `Idempotency-Key` replays.
enum M006_EventsAndIdempotency: Migration {
    static let id = "006_events_idempotency"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE events (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              id TEXT NOT NULL UNIQUE,
              tenant_id TEXT NOT NULL,
              type TEXT NOT NULL,
              aggregate_id TEXT NOT NULL,
              payload TEXT NOT NULL,
              occurred_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX events_by_aggregate ON events(aggregate_id, seq);

            CREATE TABLE consumer_cursors (
              consumer TEXT PRIMARY KEY,
              last_seq INTEGER NOT NULL,
              updated_at TEXT NOT NULL
            ) STRICT;

            CREATE TABLE idempotency_keys (
              tenant_id TEXT NOT NULL,
              subject_id TEXT NOT NULL,
              key TEXT NOT NULL,
              request_hash TEXT NOT NULL,
              status_code INTEGER NOT NULL,
              response_body BLOB NOT NULL,
              resource_id TEXT,
              created_at TEXT NOT NULL,
              PRIMARY KEY (tenant_id, subject_id, key)
            ) STRICT;
            """)
    }
}
