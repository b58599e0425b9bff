import GRDB

/// The veg / non-veg mark on each dish, and its name and description in Hindi for guests who read
/// the menu in Hindi (docs/apps.md, "The guest app"). Existing menus get the mark from their tags
/// where the tags say it ("vegetarian", "vegan"); the rest, and tags that are not valid JSON, stay
/// unmarked until a manager sets it.
enum M016_DietAndHindi: Migration {
    static let id = "016_diet_and_hindi"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE menu_items ADD COLUMN diet TEXT CHECK (diet IN ('veg', 'non-veg', 'egg', 'vegan'));
            ALTER TABLE menu_items ADD COLUMN name_hi TEXT;
            ALTER TABLE menu_items ADD COLUMN description_hi TEXT;
            UPDATE menu_items SET diet = 'vegan' WHERE json_valid(dietary_tags) AND EXISTS (SELECT 1 FROM json_each(dietary_tags) WHERE lower(value) = 'vegan');
            UPDATE menu_items SET diet = 'veg' WHERE diet IS NULL AND json_valid(dietary_tags)
              AND EXISTS (SELECT 1 FROM json_each(dietary_tags) WHERE lower(value) IN ('vegetarian', 'veg'));
            UPDATE menu_items SET diet = 'non-veg' WHERE diet IS NULL AND json_valid(dietary_tags)
              AND EXISTS (SELECT 1 FROM json_each(dietary_tags) WHERE lower(value) IN ('non-veg', 'non-vegetarian'));
            """)
    }
}
