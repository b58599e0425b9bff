import GRDB

/// UPI and card at the counter: a waiter records the payment with its reference (the UPI
/// transaction's UTR, the card slip's approval code). `payments.payment_method` had a CHECK for
/// CASH and RAZORPAY only, and SQLite cannot change a CHECK in place, so the table is rebuilt with
/// the same rows (GRDB runs a migration with foreign keys checked at its end: `cash_payments`
/// still points at every payment).
enum M024_CounterPayments: Migration {
    static let id = "024_counter_payments"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE payments_new (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              order_id TEXT NOT NULL REFERENCES orders(id),
              bill_id TEXT,
              amount_paise INTEGER NOT NULL CHECK (amount_paise > 0),
              payment_method TEXT NOT NULL CHECK (payment_method IN ('CASH', 'RAZORPAY', 'UPI', 'CARD')),
              status TEXT NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED', 'FLAGGED')),
              razorpay_order_id TEXT,
              razorpay_payment_id TEXT UNIQUE,
              recorded_by TEXT NOT NULL,
              created_at TEXT NOT NULL,
              flag_reason TEXT,
              reference TEXT
            ) STRICT;
            INSERT INTO payments_new (id, tenant_id, order_id, bill_id, amount_paise, payment_method, status, razorpay_order_id,
              razorpay_payment_id, recorded_by, created_at, flag_reason)
            SELECT id, tenant_id, order_id, bill_id, amount_paise, payment_method, status, razorpay_order_id,
              razorpay_payment_id, recorded_by, created_at, flag_reason FROM payments;
            DROP TABLE payments;
            ALTER TABLE payments_new RENAME TO payments;
            CREATE INDEX payments_by_order ON payments(order_id);
            -- A UPI reference is recorded once: a second payment naming it is flagged, not counted.
            CREATE INDEX payments_by_reference ON payments(tenant_id, payment_method, reference) WHERE reference IS NOT NULL;
            """)
    }
}
