import GRDB

/// Table sessions: a table's guests, across rounds, share one bill.
///
/// - A session opens with the first order at a free table (or a waiter), gathers every guest who
///   joins at the table's QR code, and closes when its bill is paid in full; one open session per
///   table at most. A merged session points at the one it went into.
/// - `bill_parts` divide a session's bill for separate payment (whole, equal, by items, by
///   amounts); a payment for a part is spread over the session's orders as `payments` rows with
///   `bill_id` = the part.
/// - `table_calls` are "call the waiter" and "bring the bill", one open call of each kind per table.
/// - A Razorpay order may pay a bill part instead of one order.
enum M013_TableSessions: Migration {
    static let id = "013_table_sessions"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE table_sessions (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              table_id TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('OPEN', 'CLOSED', 'MERGED')),
              merged_into TEXT REFERENCES table_sessions(id),
              opened_at TEXT NOT NULL,
              opened_by TEXT NOT NULL,
              closed_at TEXT
            ) STRICT;
            CREATE UNIQUE INDEX one_open_session_per_table ON table_sessions(tenant_id, table_id) WHERE status = 'OPEN';
            CREATE INDEX orders_by_session ON orders(table_session_id);

            CREATE TABLE session_guests (
              session_id TEXT NOT NULL REFERENCES table_sessions(id),
              customer_id TEXT NOT NULL,
              joined_at TEXT NOT NULL,
              PRIMARY KEY (session_id, customer_id)
            ) STRICT;
            CREATE INDEX session_guests_by_customer ON session_guests(customer_id);

            CREATE TABLE bill_parts (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL,
              session_id TEXT NOT NULL REFERENCES table_sessions(id),
              position INTEGER NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('WHOLE', 'EQUAL', 'ITEMS', 'AMOUNT', 'ADDED')),
              label TEXT NOT NULL,
              amount_paise INTEGER NOT NULL CHECK (amount_paise > 0),
              paid_paise INTEGER NOT NULL DEFAULT 0,
              items TEXT NOT NULL DEFAULT '[]',
              created_at TEXT NOT NULL,
              UNIQUE (session_id, position)
            ) STRICT;

            CREATE TABLE table_calls (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL,
              table_id TEXT NOT NULL,
              table_number INTEGER NOT NULL,
              session_id TEXT,
              kind TEXT NOT NULL CHECK (kind IN ('WAITER', 'BILL')),
              status TEXT NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED')),
              created_at TEXT NOT NULL,
              acknowledged_at TEXT,
              acknowledged_by TEXT
            ) STRICT;
            CREATE UNIQUE INDEX one_open_call ON table_calls(tenant_id, table_id, kind) WHERE status = 'OPEN';

            ALTER TABLE razorpay_orders ADD COLUMN bill_part_id TEXT REFERENCES bill_parts(id);
            """)
    }
}
