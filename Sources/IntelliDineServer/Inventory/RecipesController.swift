import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// Recipes and new ingredients, for the manager's menu builder: what one portion of a dish uses, so
/// stock is reserved as orders come in and a dish is 86'd when its ingredients run out.
struct RecipesController {
    let database: AppDatabase
    let body: JSONBody
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.post("/api/inventory/ingredients", use: createIngredient)
        routes.get("/api/menu/items/:id/recipe", use: recipe)
        routes.put("/api/menu/items/:id/recipe", use: setRecipe)
    }

    struct IngredientInput: Decodable {
        var id: String?
        var name: String
        /// `g`, `ml` or `pcs`: stock and recipes count whole units of it.
        var unit: String
        var stock: Int?
        var par_level: Int
    }

    static let units = ["g", "ml", "pcs"]

    /// `POST /api/inventory/ingredients` (manager).
    @Sendable func createIngredient(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<InventoryController.IngredientAnswer>> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let input = try await body.decode(IngredientInput.self, from: request)
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard (1...60).contains(name.count) else { throw APIError.validation("An ingredient needs a name of up to 60 characters") }
        guard Self.units.contains(input.unit) else { throw APIError.validation("unit is g, ml or pcs") }
        guard (1...10_000_000).contains(input.par_level) else { throw APIError.validation("par_level must be between 1 and 10000000") }
        let stock = input.stock ?? 0
        guard (0...10_000_000).contains(stock) else { throw APIError.validation("stock must be between 0 and 10000000") }
        let id = input.id ?? RecordID.make("ing")
        guard MenuController.isValidId(id) else { throw APIError.validation("id may use letters, digits, '-' and '_' (at most 64)") }
        let level = try await database.createIngredient(tenantId: tenantId, id: id, name: name, unit: input.unit, stock: stock, parLevel: input.par_level)
        return Success(InventoryController.IngredientAnswer(ingredient: .init(level))).created
    }

    struct LineJSON: Codable, Sendable {
        var ingredient_id: String
        var name: String?
        var unit: String?
        /// Per full portion, in the ingredient's unit.
        var quantity: Int
    }

    struct RecipeAnswer: Encodable, Sendable {
        var item_id: String
        var lines: [LineJSON]

        init(itemId: String, _ lines: [RecipeLine]) {
            item_id = itemId
            self.lines = lines.map { LineJSON(ingredient_id: $0.ingredientId, name: $0.name, unit: $0.unit, quantity: $0.quantity) }
        }
    }

    /// `GET /api/menu/items/{id}/recipe` (staff).
    @Sendable func recipe(_ request: Request, context: AppRequestContext) async throws -> Success<RecipeAnswer> {
        let (_, tenantId) = try context.require(.staff, request: request)
        let id = try context.parameters.require("id")
        return Success(RecipeAnswer(itemId: id, try await database.recipe(tenantId: tenantId, itemId: id)))
    }

    struct RecipeInput: Decodable { var lines: [LineJSON] }

    /// `PUT /api/menu/items/{id}/recipe` (manager): `{"lines": [{"ingredient_id", "quantity"}]}`, replaced whole.
    @Sendable func setRecipe(_ request: Request, context: AppRequestContext) async throws -> Success<RecipeAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let id = try context.parameters.require("id")
        let input = try await body.decode(RecipeInput.self, from: request)
        guard input.lines.count <= 30 else { throw APIError.validation("A recipe has at most 30 ingredients") }
        guard Set(input.lines.map(\.ingredient_id)).count == input.lines.count else { throw APIError.validation("Each ingredient appears once in a recipe") }
        for line in input.lines where !(1...100_000).contains(line.quantity) {
            throw APIError.validation("The quantity of '\(line.ingredient_id)' must be between 1 and 100000")
        }
        let saved = try await database.setRecipe(
            tenantId: tenantId, itemId: id, input.lines.map { RecipeLine(ingredientId: $0.ingredient_id, quantity: $0.quantity) }, at: clock.now())
        return Success(RecipeAnswer(itemId: id, saved))
    }
}
