import GRDB

/// What the manager's menu builder edits beyond M003 and M016: a dish's spice level (0 not spicy
/// to 3 very hot; NULL not said) and categories hidden from guests without deleting them (a
/// seasonal section kept for next winter).
enum M021_MenuBuilder: Migration {
    static let id = "021_menu_builder"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE menu_items ADD COLUMN spice_level INTEGER CHECK (spice_level BETWEEN 0 AND 3);
            ALTER TABLE categories ADD COLUMN is_hidden INTEGER NOT NULL DEFAULT 0;
            """)
    }
}
