import GRDB

/// Stock reserved by open orders. An order reserves its ingredients when placed (inside its
/// transaction), consumes them when served, and releases them when cancelled; the reservation
/// rows say exactly how much, so a recipe edited later cannot skew the books.
enum M009_StockReservations: Migration {
    static let id = "009_stock_reservations"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE ingredients ADD COLUMN reserved_quantity INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE ingredients ADD COLUMN low_stock_percentage INTEGER NOT NULL DEFAULT 20;
            -- 86'd by stock, kept apart from the manager's own is_available switch.
            ALTER TABLE menu_items ADD COLUMN stocked_out INTEGER NOT NULL DEFAULT 0;

            CREATE TABLE order_reservations (
              order_id TEXT NOT NULL REFERENCES orders(id),
              tenant_id TEXT NOT NULL,
              ingredient_id TEXT NOT NULL,
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              state TEXT NOT NULL CHECK (state IN ('RESERVED', 'CONSUMED', 'RELEASED')),
              PRIMARY KEY (order_id, ingredient_id)
            ) STRICT;
            CREATE INDEX recipe_by_ingredient ON recipe_lines(tenant_id, ingredient_id);
            """)
    }
}
