import GRDB

/// Categories and menu items. Prices are integer paise.
enum M003_Menu: Migration {
    static let id = "003_menu"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE categories (
              id TEXT NOT NULL,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              name TEXT NOT NULL,
              display_order INTEGER NOT NULL DEFAULT 0,
              is_deleted INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (tenant_id, id)
            ) STRICT;

            CREATE TABLE menu_items (
              id TEXT NOT NULL,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              category_id TEXT NOT NULL,
              name TEXT NOT NULL,
              description TEXT NOT NULL DEFAULT '',
              price_paise INTEGER NOT NULL CHECK (price_paise >= 0),
              image_url TEXT,
              preparation_time INTEGER NOT NULL DEFAULT 15,
              dietary_tags TEXT NOT NULL DEFAULT '[]',
              display_order INTEGER NOT NULL DEFAULT 0,
              is_available INTEGER NOT NULL DEFAULT 1,
              is_deleted INTEGER NOT NULL DEFAULT 0,
              updated_at TEXT NOT NULL,
              PRIMARY KEY (tenant_id, id),
              FOREIGN KEY (tenant_id, category_id) REFERENCES categories(tenant_id, id)
            ) STRICT;
            """)
    }
}
