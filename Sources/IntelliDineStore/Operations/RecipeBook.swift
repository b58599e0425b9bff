import GRDB

/// A restaurant's recipes as a stock reservation needs them: what each dish takes of each
/// ingredient, and the most any one portion of any dish takes of each ingredient. Kept in the
/// ordering menu, so the single writer does not read them on every order (docs/architecture.md,
/// "Caches").
struct RecipeBook: Sendable {
    struct Part: Sendable {
        var ingredient: String
        /// For a whole portion, in the ingredient's unit.
        var quantity: Int
    }

    /// By menu item; an item without a recipe is not here.
    var parts: [String: [Part]] = [:]
    /// By ingredient: below this much available, some dish that uses it can no longer be made.
    var largestPortion: [String: Int] = [:]

    static func read(_ db: Database, tenantId: String) throws -> RecipeBook {
        var book = RecipeBook()
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT menu_item_id, ingredient_id, quantity FROM recipe_lines WHERE tenant_id = ?"),
            arguments: [tenantId])
        while let row = try rows.next() {
            let part = Part(ingredient: row[1], quantity: row[2])
            book.parts[row[0], default: []].append(part)
            book.largestPortion[part.ingredient] = max(book.largestPortion[part.ingredient] ?? 0, part.quantity)
        }
        return book
    }
}
