import GRDB

/// GST tax invoices (docs/glossary.md, "Tax invoice"): one per settled table bill, numbered from a
/// gap-free series per restaurant and financial year. The number is taken in the transaction that
/// settles the bill, so a rolled-back payment leaves no hole in the series.
enum M015_Invoices: Migration {
    static let id = "015_invoices"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE invoice_counters (
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              financial_year TEXT NOT NULL,
              last_number INTEGER NOT NULL,
              PRIMARY KEY (tenant_id, financial_year)
            ) STRICT;

            CREATE TABLE invoices (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              session_id TEXT NOT NULL UNIQUE REFERENCES table_sessions(id),
              financial_year TEXT NOT NULL,
              sequence INTEGER NOT NULL,
              issued_at TEXT NOT NULL,
              local_date TEXT NOT NULL,
              taxable_paise INTEGER NOT NULL,
              cgst_paise INTEGER NOT NULL,
              sgst_paise INTEGER NOT NULL,
              total_paise INTEGER NOT NULL,
              payment_methods TEXT NOT NULL,
              UNIQUE (tenant_id, financial_year, sequence)
            ) STRICT;
            """)
    }
}
