import GRDB

/// Closing the day (docs/day-close.md): each closed business day is numbered and frozen with its
/// Z report, the counted cash and the variance; cash put in or taken out of the drawer is recorded
/// with who and why; each payment belongs to a business day (the restaurant's local date, or the
/// next one when that day is already closed: a late payment never changes a closed day).
enum M025_DayClose: Migration {
    static let id = "025_day_close"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE day_closes (
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              business_date TEXT NOT NULL,
              number INTEGER NOT NULL,
              opening_float_paise INTEGER NOT NULL CHECK (opening_float_paise >= 0),
              expected_cash_paise INTEGER NOT NULL,
              counted_cash_paise INTEGER NOT NULL CHECK (counted_cash_paise >= 0),
              denominations TEXT,
              variance_paise INTEGER NOT NULL,
              variance_reason TEXT NOT NULL DEFAULT '',
              carried_over TEXT NOT NULL DEFAULT '[]',
              report TEXT NOT NULL,
              closed_by TEXT NOT NULL,
              closed_at TEXT NOT NULL,
              PRIMARY KEY (tenant_id, business_date),
              UNIQUE (tenant_id, number)
            ) STRICT;

            CREATE TABLE cash_movements (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              business_date TEXT NOT NULL,
              direction TEXT NOT NULL CHECK (direction IN ('IN', 'OUT')),
              amount_paise INTEGER NOT NULL CHECK (amount_paise > 0),
              reason TEXT NOT NULL CHECK (length(reason) > 0),
              recorded_by TEXT NOT NULL,
              recorded_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX cash_movements_by_day ON cash_movements(tenant_id, business_date);

            ALTER TABLE payments ADD COLUMN business_date TEXT;
            UPDATE payments SET business_date = (SELECT business_date FROM orders WHERE orders.id = payments.order_id);
            CREATE INDEX payments_by_day ON payments(tenant_id, business_date);
            """)
    }
}
