import GRDB

/// The restaurant's own details beyond its name, address and GSTIN: its state (the place of
/// supply), FSSAI licence number and UPI ID (both printed on bills in India), opening hours, and
/// the receipt's header and footer lines. Empty until the manager fills them in.
enum M018_RestaurantProfile: Migration {
    static let id = "018_restaurant_profile"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE tenants ADD COLUMN state TEXT NOT NULL DEFAULT '';
            ALTER TABLE tenants ADD COLUMN fssai TEXT NOT NULL DEFAULT '';
            ALTER TABLE tenants ADD COLUMN upi_id TEXT NOT NULL DEFAULT '';
            ALTER TABLE tenants ADD COLUMN opening_hours TEXT NOT NULL DEFAULT '';
            ALTER TABLE tenants ADD COLUMN receipt_header TEXT NOT NULL DEFAULT '';
            ALTER TABLE tenants ADD COLUMN receipt_footer TEXT NOT NULL DEFAULT '';
            -- The demo restaurant's GSTIN failed its own check character; the profile now checks it.
            UPDATE tenants SET gstin = '29ABCDE1234F1ZW' WHERE id = '11111111-1111-1111-1111-111111111111' AND gstin = '29ABCDE1234F1Z5';
            """)
    }
}
