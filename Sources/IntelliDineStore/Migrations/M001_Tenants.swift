import GRDB

/// Restaurants and their dining tables.
enum M001_Tenants: Migration {
    static let id = "001_tenants"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE tenants (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              address TEXT NOT NULL DEFAULT '',
              gstin TEXT NOT NULL DEFAULT '',
              timezone TEXT NOT NULL,
              gst_rate_bp INTEGER NOT NULL CHECK (gst_rate_bp BETWEEN 0 AND 10000),
              created_at TEXT NOT NULL
            ) STRICT;

            -- A table has a number guests see and a string id in its QR code (docs/glossary.md, "Table, table id, table number").
            CREATE TABLE tables (
              id TEXT NOT NULL,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              table_number INTEGER NOT NULL,
              name TEXT NOT NULL,
              capacity INTEGER NOT NULL DEFAULT 4,
              is_active INTEGER NOT NULL DEFAULT 1,
              PRIMARY KEY (tenant_id, id),
              UNIQUE (tenant_id, table_number)
            ) STRICT;
            """)
    }
}
