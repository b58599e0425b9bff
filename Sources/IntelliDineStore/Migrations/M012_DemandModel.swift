import GRDB

/// The demand model and the discount policy's inputs.
///
/// - Ingredients learn whether they are perishable (what is left at closing is waste) and what
///   1,000 of their unit cost (₹/kg for grams, in paise), for the margin guardrail.
/// - `demand_models` keeps every trained version with its training metrics; the newest is used.
/// - `discount_guardrails` holds the manager's limits on the model, as JSON.
/// - Each order line records which rule or model version discounted it, so the day's summary can
///   sum discounts by rules and by the model apart.
enum M012_DemandModel: Migration {
    static let id = "012_demand_model"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE ingredients ADD COLUMN is_perishable INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE ingredients ADD COLUMN cost_paise_per_1000 INTEGER NOT NULL DEFAULT 0 CHECK (cost_paise_per_1000 >= 0);
            ALTER TABLE order_items ADD COLUMN discount_source TEXT;

            CREATE TABLE demand_models (
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              version INTEGER NOT NULL,
              trained_at TEXT NOT NULL,
              trigger TEXT NOT NULL CHECK (trigger IN ('nightly', 'manager')),
              history_from TEXT NOT NULL,
              history_to TEXT NOT NULL,
              training_hours INTEGER NOT NULL,
              items INTEGER NOT NULL,
              mae REAL,
              naive_mae REAL,
              held_out_hours INTEGER,
              model TEXT NOT NULL,
              PRIMARY KEY (tenant_id, version)
            ) STRICT;

            CREATE TABLE discount_guardrails (
              tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
              settings TEXT NOT NULL,
              updated_at TEXT NOT NULL,
              updated_by TEXT NOT NULL
            ) STRICT;
            """)
    }
}
