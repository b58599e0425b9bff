import GRDB

/// Payments against orders; cash payments keep what was handed over and the change.
/// `bill_id` leaves room for split bills, where one bill gathers a table's orders.
enum M005_Payments: Migration {
    static let id = "005_payments"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE payments (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              order_id TEXT NOT NULL REFERENCES orders(id),
              bill_id TEXT,
              amount_paise INTEGER NOT NULL CHECK (amount_paise > 0),
              payment_method TEXT NOT NULL CHECK (payment_method IN ('CASH', 'RAZORPAY')),
              status TEXT NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED', 'FLAGGED')),
              razorpay_order_id TEXT,
              razorpay_payment_id TEXT UNIQUE,
              recorded_by TEXT NOT NULL,
              created_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX payments_by_order ON payments(order_id);

            CREATE TABLE cash_payments (
              payment_id TEXT PRIMARY KEY REFERENCES payments(id),
              tenant_id TEXT NOT NULL,
              order_id TEXT NOT NULL REFERENCES orders(id),
              amount_received_paise INTEGER NOT NULL,
              change_given_paise INTEGER NOT NULL CHECK (change_given_paise >= 0),
              collected_by TEXT NOT NULL
            ) STRICT;
            """)
    }
}
