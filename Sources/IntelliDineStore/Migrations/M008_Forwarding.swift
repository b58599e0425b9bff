import GRDB

/// The cloud forwarder's parked batches and its last success, and the notifier's record of
/// what it has sent (its dedup key is the event id).
enum M008_Forwarding: Migration {
    static let id = "008_forwarding"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            -- A batch the cloud refused as invalid: never dropped, kept here until a manager retries it.
            CREATE TABLE parked_batches (
              id TEXT PRIMARY KEY,
              sink TEXT NOT NULL,
              first_seq INTEGER NOT NULL,
              last_seq INTEGER NOT NULL,
              event_count INTEGER NOT NULL,
              status_code INTEGER NOT NULL,
              reason TEXT NOT NULL,
              parked_at TEXT NOT NULL,
              delivered_at TEXT
            ) STRICT;

            CREATE TABLE forwarder_state (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              last_success_at TEXT,
              last_error TEXT,
              last_error_at TEXT
            ) STRICT;

            CREATE TABLE sent_notifications (
              event_id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL,
              phone_number TEXT NOT NULL,
              sent_at TEXT NOT NULL
            ) STRICT;
            """)
    }
}
