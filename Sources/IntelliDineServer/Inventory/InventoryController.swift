import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// The inventory area, manager side: see stock, book in deliveries (`inventory.restocked`).
struct InventoryController {
    let database: AppDatabase
    let body: JSONBody
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.get("/api/inventory", use: list)
        routes.post("/api/inventory/ingredients/:id/restock", use: restock)
    }

    struct LevelJSON: Encodable, Sendable {
        var id: String
        var name: String
        var unit: String
        var stock: Int
        var reserved: Int
        var available: Int
        var par_level: Int
        var stock_percentage: Int
        var low_stock: Bool

        init(_ level: StockLevel) {
            id = level.id
            name = level.name
            unit = level.unit
            stock = level.stock
            reserved = level.reserved
            available = level.available
            par_level = level.parLevel
            stock_percentage = level.percentage
            low_stock = level.isLow
        }
    }

    struct ListAnswer: Encodable, Sendable { var ingredients: [LevelJSON] }
    struct IngredientAnswer: Encodable, Sendable { var ingredient: LevelJSON }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Success<ListAnswer> {
        let (_, tenantId) = try context.require(.staff, request: request)
        let levels = try await database.stockLevels(tenantId: tenantId)
        return Success(ListAnswer(ingredients: levels.map(LevelJSON.init)))
    }

    struct RestockRequest: Decodable {
        var quantity: Int
    }

    /// `POST /api/inventory/ingredients/{id}/restock` `{"quantity": 5000}` in the ingredient's unit.
    @Sendable func restock(_ request: Request, context: AppRequestContext) async throws -> Success<IngredientAnswer> {
        let (identity, tenantId) = try context.require(.managers, request: request)
        let input = try await body.decode(RestockRequest.self, from: request)
        guard (1...10_000_000).contains(input.quantity) else { throw APIError.validation("quantity must be between 1 and 10000000") }
        let id = try context.parameters.require("id")
        do {
            let level = try await database.restock(
                tenantId: tenantId, ingredientId: id, adding: input.quantity, by: identity.actor.name, at: clock.now())
            return Success(IngredientAnswer(ingredient: LevelJSON(level)))
        } catch StockRefusal.ingredientNotFound {
            throw APIError(.notFound, "INGREDIENT_NOT_FOUND", "No ingredient '\(id)' in this restaurant")
        }
    }
}
