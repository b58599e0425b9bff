import Foundation
import GRDB
import IntelliDineDomain

/// One ingredient's stock as the manager sees it.
public struct StockLevel: Sendable, Equatable {
    public var id: String
    public var name: String
    public var unit: String
    public var stock: Int
    public var reserved: Int
    public var parLevel: Int
    public var lowStockPercentage: Int
    public var available: Int { stock - reserved }
    public var percentage: Int { max(0, available) * 100 / parLevel }
    public var isLow: Bool { percentage < lowStockPercentage }
}

/// Why a stock change is refused.
public enum StockRefusal: Error, Equatable, Sendable {
    case ingredientNotFound(String)
}

/// Stock bookkeeping that runs inside order and status transactions, so that concurrent orders
/// can never oversell: SQLite's single writer serialises the checks and the reservations.
enum Stock {
    struct Line {
        var itemId: String
        var name: String
        var quantity: Int
        /// The portion's share of the recipe (10,000 is a whole portion).
        var portionBp: Int = 10_000
    }

    /// Reserves every ingredient the lines need, or refuses the whole order naming the first item
    /// whose ingredients fall short. `recipes` must be the ones committed: the caller's check that
    /// no recipe changed since they were read runs on the writer, where nothing can change them.
    static func reserve(_ db: Database, tenantId: String, orderId: String, lines: [Line], recipes: RecipeBook, at instant: Date) throws {
        var need: [String: Int] = [:]
        var firstItem: [String: Line] = [:]
        for line in lines {
            for part in recipes.parts[line.itemId] ?? [] {
                // A half plate takes half the recipe, rounded up to a whole unit.
                need[part.ingredient, default: 0] += (line.quantity * part.quantity * line.portionBp + 9_999) / 10_000
                if firstItem[part.ingredient] == nil { firstItem[part.ingredient] = line }
            }
        }
        guard !need.isEmpty else { return }
        // The ingredients left too short for a whole portion of some dish that uses them: only then
        // can a dish be 86'd. A reservation only takes stock away, so nothing comes back here.
        var runningShort: [String] = []
        let reserved = need.sorted(by: { $0.key < $1.key })
        // What is left of each, read and then reserved inside the writer's transaction, so nothing
        // moves in between. Not one `UPDATE … FROM (VALUES …) RETURNING`: SQLite runs `FROM` and
        // `RETURNING` through temporary tables it builds and drops per statement, which cost more
        // than the reservation itself (docs/architecture.md, "The order path's statements").
        // CROSS JOIN keeps the ids the outer loop: with a plain JOIN SQLite chose to scan all the
        // restaurant's ingredients and look each up in the list.
        struct Level { var available: Int; var par: Int; var low: Int; var name: String }
        let levels = try db.fetchAllBound("""
            SELECT i.id, i.stock_quantity - i.reserved_quantity, i.par_level, i.low_stock_percentage, i.name
            FROM json_each(?) AS wanted CROSS JOIN ingredients AS i ON i.tenant_id = ? AND i.id = wanted.value
            """, { $0.add(AppDatabase.jsonArray(reserved.map(\.key))); $0.add(tenantId) },
            { (id: $0.text(0), level: Level(available: $0.int(1), par: $0.int(2), low: $0.int(3), name: $0.text(4))) })
        let stock = Dictionary(levels.map { ($0.id, $0.level) }, uniquingKeysWith: { first, _ in first })
        for (ingredient, quantity) in reserved {
            // Short (or gone): the order's savepoint undoes the reservations made before this one.
            guard let level = stock[ingredient], level.available >= quantity else {
                let item = firstItem[ingredient]!
                throw OrderRefusal.outOfStock(id: item.itemId, name: item.name)
            }
            try db.runBound("UPDATE ingredients SET reserved_quantity = reserved_quantity + ? WHERE tenant_id = ? AND id = ?") {
                $0.add(quantity); $0.add(tenantId); $0.add(ingredient)
            }
            let left = level.available - quantity
            if left < recipes.largestPortion[ingredient] ?? 0 { runningShort.append(ingredient) }
            if level.available * 100 / level.par >= level.low && left * 100 / level.par < level.low {
                try EventLog.append(
                    db, tenantId: tenantId, aggregateId: ingredient,
                    payload: LowStockPayload(
                        tenant_id: tenantId, ingredient_id: ingredient, name: level.name, available: left,
                        par_level: level.par, stock_percentage: left * 100 / level.par, timestamp: Timestamp.string(instant)),
                    at: instant)
            }
        }
        // One statement for all the order's reservations.
        try db.runBound("""
            INSERT INTO order_reservations (order_id, tenant_id, ingredient_id, quantity, state)
            VALUES \(Array(repeating: "(?, ?, ?, ?, 'RESERVED')", count: reserved.count).joined(separator: ", "))
            """) { values in
            for (ingredient, quantity) in reserved {
                values.add(orderId); values.add(tenantId); values.add(ingredient); values.add(quantity)
            }
        }
        // Checking every dish that uses these ingredients was a third of the reservation's cost, on
        // every order, for the rare one that runs an ingredient short.
        try refreshStockedOut(db, tenantId: tenantId, ingredients: runningShort)
    }

    /// Serving consumes an order's reservations; cancelling releases them.
    static func settle(_ db: Database, orderId: String, tenantId: String, consumed: Bool) throws {
        let reservations = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT ingredient_id, quantity FROM order_reservations WHERE order_id = ? AND state = 'RESERVED'
            """), arguments: [orderId])
        guard !reservations.isEmpty else { return }
        // Consuming takes the food out of stock and out of the reservation; releasing only the latter.
        let stockTaken = consumed ? 1 : 0
        for reservation in reservations {
            let quantity: Int = reservation["quantity"]
            let ingredient: String = reservation["ingredient_id"]
            try db.cachedStatement(sql: """
                UPDATE ingredients SET stock_quantity = stock_quantity - ? * ?, reserved_quantity = reserved_quantity - ?
                WHERE tenant_id = ? AND id = ?
                """).execute(arguments: [quantity, stockTaken, quantity, tenantId, ingredient])
        }
        try db.execute(
            sql: "UPDATE order_reservations SET state = ? WHERE order_id = ? AND state = 'RESERVED'",
            arguments: [consumed ? "CONSUMED" : "RELEASED", orderId])
        if !consumed {
            try refreshStockedOut(db, tenantId: tenantId, ingredients: reservations.map { $0["ingredient_id"] })
        }
    }

    /// 86es the items whose ingredients cannot cover one more portion, and brings back the ones
    /// that can again, among the items that use these ingredients.
    static func refreshStockedOut(_ db: Database, tenantId: String, ingredients: [String]) throws {
        guard !ingredients.isEmpty else { return }
        try refreshStockedOut(db, tenantId: tenantId, where: """
            id IN (SELECT menu_item_id FROM recipe_lines WHERE tenant_id = ? AND ingredient_id IN (\(databaseQuestionMarks(count: ingredients.count))))
            """, arguments: StatementArguments([tenantId] + ingredients))
    }

    /// The same for one item whose recipe changed (or was cleared: an item without a recipe is never 86'd by stock).
    static func refreshStockedOut(_ db: Database, tenantId: String, itemId: String) throws {
        try refreshStockedOut(db, tenantId: tenantId, where: "id = ?", arguments: [itemId])
    }

    /// Only the rows whose mark flips are written: an order that leaves every dish orderable changes
    /// no menu row, and the guest menu's cache (`menuChanges`) stays valid.
    private static func refreshStockedOut(_ db: Database, tenantId: String, where condition: String, arguments: StatementArguments) throws {
        try db.cachedStatement(sql: """
            UPDATE menu_items SET stocked_out = 1 - stocked_out
            WHERE tenant_id = ? AND \(condition) AND stocked_out <> EXISTS (
              SELECT 1 FROM recipe_lines r JOIN ingredients i ON i.tenant_id = r.tenant_id AND i.id = r.ingredient_id
              WHERE r.tenant_id = menu_items.tenant_id AND r.menu_item_id = menu_items.id
                AND i.stock_quantity - i.reserved_quantity < r.quantity)
            """).execute(arguments: [tenantId] + arguments)
    }
}

extension AppDatabase {
    /// Every ingredient's stock, reservations and level.
    public func stockLevels(tenantId: String) async throws -> [StockLevel] {
        try await pool.read { db in try Self.stockLevels(db, tenantId: tenantId) }
    }

    static func stockLevels(_ db: Database, tenantId: String) throws -> [StockLevel] {
        try Row.fetchAll(db, sql: "SELECT * FROM ingredients WHERE tenant_id = ? ORDER BY name", arguments: [tenantId]).map {
            StockLevel(
                id: $0["id"], name: $0["name"], unit: $0["unit"], stock: $0["stock_quantity"], reserved: $0["reserved_quantity"],
                parLevel: $0["par_level"], lowStockPercentage: $0["low_stock_percentage"])
        }
    }

    /// Books in a delivery; items it makes possible again come back on the menu.
    public func restock(tenantId: String, ingredientId: String, adding quantity: Int, by who: String, at instant: Date) async throws -> StockLevel {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE ingredients SET stock_quantity = stock_quantity + ? WHERE tenant_id = ? AND id = ?",
                arguments: [quantity, tenantId, ingredientId])
            guard db.changesCount == 1 else { throw StockRefusal.ingredientNotFound(ingredientId) }
            try Stock.refreshStockedOut(db, tenantId: tenantId, ingredients: [ingredientId])
            let level = try Self.stockLevels(db, tenantId: tenantId).first { $0.id == ingredientId }!
            try EventLog.append(
                db, tenantId: tenantId, aggregateId: ingredientId,
                payload: RestockedPayload(
                    tenant_id: tenantId, ingredient_id: ingredientId, added: quantity, stock: level.stock, by: who,
                    timestamp: Timestamp.string(instant)),
                at: instant)
            return level
        }
    }
}
