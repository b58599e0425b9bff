import GRDB

/// Online payments through Razorpay. `razorpay_orders` ties each Razorpay order to ours and to
/// the amount it was created for; `razorpay_webhook_events` remembers every webhook delivery by
/// its event id, so a replay does nothing. A payment whose amount does not match is kept as a
/// `FLAGGED` payment with its reason, for a manager, and does not count as paid.
enum M010_Razorpay: Migration {
    static let id = "010_razorpay"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE razorpay_orders (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              order_id TEXT NOT NULL REFERENCES orders(id),
              amount_paise INTEGER NOT NULL CHECK (amount_paise > 0),
              currency TEXT NOT NULL,
              created_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX razorpay_orders_by_order ON razorpay_orders(order_id);

            CREATE TABLE razorpay_webhook_events (
              event_id TEXT PRIMARY KEY,
              event TEXT NOT NULL,
              outcome TEXT NOT NULL,
              received_at TEXT NOT NULL
            ) STRICT;

            ALTER TABLE payments ADD COLUMN flag_reason TEXT;
            """)
    }
}
