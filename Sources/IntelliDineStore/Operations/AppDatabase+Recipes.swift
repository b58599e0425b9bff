import Foundation
import GRDB
import IntelliDineDomain

/// One ingredient of a dish's recipe: how much one full portion uses, in the ingredient's unit
/// (a half plate uses its portion's share, `order_items.portion_bp`).
public struct RecipeLine: Sendable, Equatable {
    public var ingredientId: String
    public var name: String
    public var unit: String
    public var quantity: Int

    public init(ingredientId: String, name: String = "", unit: String = "", quantity: Int) {
        (self.ingredientId, self.name, self.unit, self.quantity) = (ingredientId, name, unit, quantity)
    }
}

/// Why a recipe or ingredient edit is refused.
public enum RecipeRefusal: Error, Equatable, Sendable {
    case ingredientExists(String)
    case ingredientNotFound(String)
}

extension AppDatabase {
    /// A new ingredient with its opening stock and par level (the level stock is measured against).
    public func createIngredient(
        tenantId: String, id: String, name: String, unit: String, stock: Int, parLevel: Int
    ) async throws -> StockLevel {
        try await pool.write { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ingredients WHERE tenant_id = ? AND id = ?)", arguments: [tenantId, id])!
            if exists { throw RecipeRefusal.ingredientExists(id) }
            try db.execute(sql: """
                INSERT INTO ingredients (id, tenant_id, name, unit, stock_quantity, par_level) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, tenantId, name, unit, stock, parLevel])
            return try Self.stockLevels(db, tenantId: tenantId).first { $0.id == id }!
        }
    }

    /// A dish's recipe, by ingredient name.
    public func recipe(tenantId: String, itemId: String) async throws -> [RecipeLine] {
        try await pool.read { db in
            guard try MenuItemRecord.exists(db, key: ["tenant_id": tenantId, "id": itemId]) else { throw MenuRefusal.itemNotFound(itemId) }
            return try Self.recipe(db, tenantId: tenantId, itemId: itemId)
        }
    }

    static func recipe(_ db: Database, tenantId: String, itemId: String) throws -> [RecipeLine] {
        try Row.fetchAll(db, sql: """
            SELECT r.ingredient_id, i.name, i.unit, r.quantity FROM recipe_lines r
            JOIN ingredients i ON i.tenant_id = r.tenant_id AND i.id = r.ingredient_id
            WHERE r.tenant_id = ? AND r.menu_item_id = ? ORDER BY i.name
            """, arguments: [tenantId, itemId]).map {
            RecipeLine(ingredientId: $0["ingredient_id"], name: $0["name"], unit: $0["unit"], quantity: $0["quantity"])
        }
    }

    /// Replaces a dish's recipe whole; the dish is 86'd at once if its stock cannot cover a portion,
    /// and comes back if the new recipe can be made.
    public func setRecipe(tenantId: String, itemId: String, _ lines: [RecipeLine], at instant: Date) async throws -> [RecipeLine] {
        try await pool.write { db in
            guard var item = try MenuItemRecord.fetchOne(db, key: ["tenant_id": tenantId, "id": itemId]), !item.isDeleted
            else { throw MenuRefusal.itemNotFound(itemId) }
            for line in lines {
                let known = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM ingredients WHERE tenant_id = ? AND id = ?)", arguments: [tenantId, line.ingredientId])!
                if !known { throw RecipeRefusal.ingredientNotFound(line.ingredientId) }
            }
            try db.execute(sql: "DELETE FROM recipe_lines WHERE tenant_id = ? AND menu_item_id = ?", arguments: [tenantId, itemId])
            for line in lines {
                try db.execute(
                    sql: "INSERT INTO recipe_lines (tenant_id, menu_item_id, ingredient_id, quantity) VALUES (?, ?, ?, ?)",
                    arguments: [tenantId, itemId, line.ingredientId, line.quantity])
            }
            try Stock.refreshStockedOut(db, tenantId: tenantId, itemId: itemId)
            // Guests' menus reload on the changed dish (its `updated_at` is in the menu's fingerprint).
            item.updatedAt = Timestamp.string(instant)
            try item.update(db, columns: ["updated_at"])
            return try Self.recipe(db, tenantId: tenantId, itemId: itemId)
        }
    }
}
