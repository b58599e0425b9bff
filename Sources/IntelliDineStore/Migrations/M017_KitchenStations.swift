import GRDB

/// Kitchen stations: each order line remembers the station that cooks it (its menu category when
/// it was ordered) and how far that station is with it, so Breads can finish its naan while the
/// tandoor still cooks (docs/apps.md, "The kitchen display"). Lines of orders already on their way
/// take their state from their order.
enum M017_KitchenStations: Migration {
    static let id = "017_kitchen_stations"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE order_items ADD COLUMN station TEXT NOT NULL DEFAULT '';
            ALTER TABLE order_items ADD COLUMN kitchen_status TEXT NOT NULL DEFAULT 'NEW'
              CHECK (kitchen_status IN ('NEW', 'COOKING', 'DONE'));
            UPDATE order_items SET station = COALESCE(
              (SELECT category_id FROM menu_items m WHERE m.tenant_id = order_items.tenant_id AND m.id = order_items.menu_item_id), '');
            UPDATE order_items SET kitchen_status = CASE
              (SELECT status FROM orders o WHERE o.id = order_items.order_id)
              WHEN 'PENDING' THEN 'NEW' WHEN 'PREPARING' THEN 'COOKING' WHEN 'CANCELLED' THEN 'NEW' ELSE 'DONE' END;
            CREATE INDEX order_items_by_order_station ON order_items (order_id, station);
            """)
    }
}
