import GRDB

/// Orders, their lines and their audited status history.
///
/// Room is left for table sessions (one bill across rounds and guests) and for portions and
/// add-ons: `table_session_id`/`round` on orders, `variant`/`options` on lines. A line's
/// `unit_price_paise` is always the server's price of one unit as ordered.
enum M004_Orders: Migration {
    static let id = "004_orders"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            -- The short per-day ticket number ("order 143") of each restaurant.
            CREATE TABLE ticket_counters (
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              business_date TEXT NOT NULL,
              last_number INTEGER NOT NULL,
              PRIMARY KEY (tenant_id, business_date)
            ) STRICT;

            CREATE TABLE orders (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              ticket_number INTEGER NOT NULL,
              business_date TEXT NOT NULL,
              customer_id TEXT REFERENCES customers(id),
              table_id TEXT NOT NULL,
              table_number INTEGER NOT NULL,
              table_session_id TEXT,
              round INTEGER NOT NULL DEFAULT 1,
              status TEXT NOT NULL CHECK (status IN ('PENDING','PREPARING','READY','SERVED','COMPLETED','CANCELLED')),
              original_subtotal_paise INTEGER NOT NULL,
              subtotal_paise INTEGER NOT NULL,
              cgst_paise INTEGER NOT NULL,
              sgst_paise INTEGER NOT NULL,
              total_paise INTEGER NOT NULL,
              original_total_paise INTEGER NOT NULL,
              gst_rate_bp INTEGER NOT NULL,
              paid_paise INTEGER NOT NULL DEFAULT 0,
              estimated_preparation_time INTEGER NOT NULL,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL,
              UNIQUE (tenant_id, business_date, ticket_number),
              FOREIGN KEY (tenant_id, table_id) REFERENCES tables(tenant_id, id)
            ) STRICT;
            CREATE INDEX orders_by_status ON orders(tenant_id, status, created_at);
            CREATE INDEX orders_by_customer ON orders(tenant_id, customer_id, created_at);
            CREATE INDEX orders_by_day ON orders(tenant_id, business_date);

            CREATE TABLE order_items (
              id TEXT PRIMARY KEY,
              order_id TEXT NOT NULL REFERENCES orders(id),
              tenant_id TEXT NOT NULL,
              position INTEGER NOT NULL,
              menu_item_id TEXT NOT NULL,
              name TEXT NOT NULL,
              variant TEXT,
              options TEXT NOT NULL DEFAULT '[]',
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              unit_price_paise INTEGER NOT NULL,
              discount_bp INTEGER NOT NULL DEFAULT 0,
              discount_reason TEXT,
              discounted_unit_price_paise INTEGER NOT NULL,
              subtotal_paise INTEGER NOT NULL,
              special_instructions TEXT,
              preparation_time INTEGER NOT NULL,
              UNIQUE (order_id, position)
            ) STRICT;

            CREATE TABLE order_status_history (
              id TEXT PRIMARY KEY,
              order_id TEXT NOT NULL REFERENCES orders(id),
              tenant_id TEXT NOT NULL,
              from_status TEXT,
              status TEXT NOT NULL,
              changed_at TEXT NOT NULL,
              changed_by TEXT NOT NULL,
              notes TEXT
            ) STRICT;
            CREATE INDEX history_by_order ON order_status_history(order_id, changed_at);
            """)
    }
}
