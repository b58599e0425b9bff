import GRDB

/// Portions and add-ons. `item_variants` are an item's sizes, each with its price and its share of
/// the recipe (`portion_bp`: 5,000 is half); `option_groups` hold `item_options`, priced or not,
/// with how few and how many may be chosen. An order line keeps the variant's name and the chosen
/// options (as JSON) in the `variant` and `options` columns migration 004 left for them, and its
/// portion, so stock is reserved for what the kitchen will really use.
enum M014_Customization: Migration {
    static let id = "014_customization"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE item_variants (
              tenant_id TEXT NOT NULL,
              menu_item_id TEXT NOT NULL,
              id TEXT NOT NULL,
              name TEXT NOT NULL,
              price_paise INTEGER NOT NULL CHECK (price_paise >= 0),
              portion_bp INTEGER NOT NULL DEFAULT 10000 CHECK (portion_bp > 0),
              is_default INTEGER NOT NULL DEFAULT 0,
              display_order INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (tenant_id, menu_item_id, id),
              FOREIGN KEY (tenant_id, menu_item_id) REFERENCES menu_items(tenant_id, id)
            ) STRICT;

            CREATE TABLE option_groups (
              tenant_id TEXT NOT NULL,
              menu_item_id TEXT NOT NULL,
              id TEXT NOT NULL,
              name TEXT NOT NULL,
              min_choices INTEGER NOT NULL DEFAULT 0 CHECK (min_choices >= 0),
              max_choices INTEGER NOT NULL DEFAULT 1 CHECK (max_choices >= min_choices AND max_choices > 0),
              display_order INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (tenant_id, menu_item_id, id),
              FOREIGN KEY (tenant_id, menu_item_id) REFERENCES menu_items(tenant_id, id)
            ) STRICT;

            CREATE TABLE item_options (
              tenant_id TEXT NOT NULL,
              menu_item_id TEXT NOT NULL,
              group_id TEXT NOT NULL,
              id TEXT NOT NULL,
              name TEXT NOT NULL,
              price_paise INTEGER NOT NULL DEFAULT 0 CHECK (price_paise >= 0),
              display_order INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (tenant_id, menu_item_id, id),
              FOREIGN KEY (tenant_id, menu_item_id, group_id) REFERENCES option_groups(tenant_id, menu_item_id, id)
            ) STRICT;

            ALTER TABLE order_items ADD COLUMN portion_bp INTEGER NOT NULL DEFAULT 10000;
            """)
    }
}
