import GRDB

/// The restaurant's logo, as the box made it (`/photos/<tenant>/restaurant-logo-<hash>.webp`):
/// shown at the top of the guest's menu. Empty until a manager uploads one.
enum M022_RestaurantLogo: Migration {
    static let id = "022_restaurant_logo"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE tenants ADD COLUMN logo_url TEXT NOT NULL DEFAULT ''")
    }
}
