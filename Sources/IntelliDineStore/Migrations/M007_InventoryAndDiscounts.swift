import GRDB

/// Ingredients, recipes and the manager's discount rules.
///
/// An item's stock percentage (`stock_percentage`, docs/glossary.md) is its scarcest ingredient's
/// stock against that ingredient's par level; the discount engine reads it.
enum M007_InventoryAndDiscounts: Migration {
    static let id = "007_inventory_discounts"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE ingredients (
              id TEXT NOT NULL,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              name TEXT NOT NULL,
              unit TEXT NOT NULL,
              stock_quantity INTEGER NOT NULL,
              par_level INTEGER NOT NULL CHECK (par_level > 0),
              PRIMARY KEY (tenant_id, id)
            ) STRICT;

            CREATE TABLE recipe_lines (
              tenant_id TEXT NOT NULL,
              menu_item_id TEXT NOT NULL,
              ingredient_id TEXT NOT NULL,
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              PRIMARY KEY (tenant_id, menu_item_id, ingredient_id),
              FOREIGN KEY (tenant_id, menu_item_id) REFERENCES menu_items(tenant_id, id),
              FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredients(tenant_id, id)
            ) STRICT;

            CREATE TABLE discount_rules (
              id TEXT NOT NULL,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              menu_item_id TEXT,
              discount_bp INTEGER NOT NULL,
              reason TEXT NOT NULL,
              confidence REAL NOT NULL,
              max_stock_percentage INTEGER,
              min_stock_percentage INTEGER,
              applies_during_peaks INTEGER NOT NULL DEFAULT 1,
              is_active INTEGER NOT NULL DEFAULT 1,
              PRIMARY KEY (tenant_id, id)
            ) STRICT;
            """)
    }
}
