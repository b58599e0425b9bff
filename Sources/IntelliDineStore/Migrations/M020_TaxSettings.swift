import GRDB

/// The restaurant's tax and bill settings (docs/tax.md): prices with or without GST, an optional
/// service charge, round-off, and tax classes beyond the standard one (the standard class's rate
/// stays `tenants.gst_rate_bp`). Orders keep the figures they were placed with: the service
/// charge, the round-off, GST at each rate (`tax_lines`, JSON) and each line's rate. Orders and
/// invoices from before are given the single-rate breakdown they already had.
enum M020_TaxSettings: Migration {
    static let id = "020_tax_settings"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE tenants ADD COLUMN prices_include_tax INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE tenants ADD COLUMN service_charge_bp INTEGER NOT NULL DEFAULT 0 CHECK (service_charge_bp BETWEEN 0 AND 2000);
            ALTER TABLE tenants ADD COLUMN round_off INTEGER NOT NULL DEFAULT 0;

            CREATE TABLE tax_classes (
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              id TEXT NOT NULL,
              name TEXT NOT NULL,
              rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
              PRIMARY KEY (tenant_id, id)
            ) STRICT;
            -- NULL: the restaurant's standard class.
            ALTER TABLE menu_items ADD COLUMN tax_class_id TEXT;

            ALTER TABLE orders ADD COLUMN service_charge_paise INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE orders ADD COLUMN round_off_paise INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE orders ADD COLUMN prices_include_tax INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE orders ADD COLUMN tax_lines TEXT NOT NULL DEFAULT '[]';
            UPDATE orders SET tax_lines = json_array(json_object(
              'rate_bp', gst_rate_bp, 'taxable', subtotal_paise, 'cgst', cgst_paise, 'sgst', sgst_paise));
            ALTER TABLE order_items ADD COLUMN gst_rate_bp INTEGER NOT NULL DEFAULT 0;
            UPDATE order_items SET gst_rate_bp = COALESCE((SELECT gst_rate_bp FROM orders WHERE orders.id = order_items.order_id), 0);

            ALTER TABLE invoices ADD COLUMN service_charge_paise INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE invoices ADD COLUMN round_off_paise INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE invoices ADD COLUMN tax_lines TEXT NOT NULL DEFAULT '[]';
            UPDATE invoices SET tax_lines = json_array(json_object(
              'rate_bp', (SELECT gst_rate_bp FROM tenants WHERE tenants.id = invoices.tenant_id),
              'taxable', taxable_paise, 'cgst', cgst_paise, 'sgst', sgst_paise));
            """)
    }
}
