import Foundation
import GRDB
import IntelliDineDomain

/// A trained demand model as stored: its version, when and why it was trained, on what, and how
/// it scored on held-out hours (nil when the history was too short to hold a week out).
public struct StoredDemandModel: Sendable {
    public var version: Int
    public var trainedAt: String
    /// `nightly` or `manager`.
    public var trigger: String
    public var historyFrom: String
    public var historyTo: String
    public var trainingHours: Int
    public var items: Int
    public var evaluation: DemandEvaluation?
    /// Nil in version listings, which do not load the coefficients.
    public var model: DemandModel?

    public init(
        version: Int, trainedAt: String, trigger: String, historyFrom: String, historyTo: String, trainingHours: Int, items: Int,
        evaluation: DemandEvaluation?, model: DemandModel?
    ) {
        self.version = version
        self.trainedAt = trainedAt
        self.trigger = trigger
        self.historyFrom = historyFrom
        self.historyTo = historyTo
        self.trainingHours = trainingHours
        self.items = items
        self.evaluation = evaluation
        self.model = model
    }
}

/// What the model policy reads from the database: every dish with a recipe, its price and food
/// cost, and the perishable ingredients' stock not yet promised to an order.
public struct PolicyInputs: Sendable, Equatable {
    public var items: [PolicyItem]
    public var perishables: [PerishableStock]
}

extension AppDatabase {
    /// Order lines sold since `since` (cancelled orders excluded), for training.
    public func sales(tenantId: String, since: Date) async throws -> [SaleLine] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.menu_item_id, o.created_at, i.quantity FROM order_items i JOIN orders o ON o.id = i.order_id
                WHERE o.tenant_id = ? AND o.created_at >= ? AND o.status <> 'CANCELLED'
                """, arguments: [tenantId, Timestamp.string(since)]).compactMap { row in
                    guard let instant = Timestamp.date(row[1]) else { return nil }
                    return SaleLine(itemId: row[0], at: instant, quantity: row[2])
                }
        }
    }

    /// The instant of the restaurant's first order, nil before any.
    public func firstOrderAt(tenantId: String) async throws -> Date? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT MIN(created_at) FROM orders WHERE tenant_id = ?", arguments: [tenantId])
                .flatMap(Timestamp.date)
        }
    }

    /// Ids of the menu's items (deleted ones excluded): the model learns each, sold or not.
    public func menuItemIds(tenantId: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM menu_items WHERE tenant_id = ? AND is_deleted = 0 ORDER BY id", arguments: [tenantId])
        }
    }

    /// Every restaurant on the box, for the nightly training.
    public func tenantIds() async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "SELECT id FROM tenants ORDER BY id") }
    }

    /// Stores a newly trained model as the next version.
    @discardableResult
    public func saveDemandModel(tenantId: String, _ stored: StoredDemandModel) async throws -> Int {
        let json = String(decoding: try JSONEncoder().encode(stored.model), as: UTF8.self)
        return try await pool.write { db in
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM demand_models WHERE tenant_id = ?", arguments: [tenantId]) ?? 0) + 1
            try db.execute(sql: """
                INSERT INTO demand_models (tenant_id, version, trained_at, trigger, history_from, history_to, training_hours, items,
                  mae, naive_mae, held_out_hours, model)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    tenantId, version, stored.trainedAt, stored.trigger, stored.historyFrom, stored.historyTo, stored.trainingHours,
                    stored.items, stored.evaluation?.meanAbsoluteError, stored.evaluation?.naiveMeanAbsoluteError,
                    stored.evaluation?.heldOutHours, json,
                ])
            return version
        }
    }

    /// The newest model with its coefficients, nil before the first training.
    public func latestDemandModel(tenantId: String) async throws -> StoredDemandModel? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM demand_models WHERE tenant_id = ? ORDER BY version DESC LIMIT 1", arguments: [tenantId])
                .map { try Self.storedModel($0, withCoefficients: true) }
        }
    }

    /// The newest `limit` versions, without coefficients.
    public func demandModelVersions(tenantId: String, limit: Int = 10) async throws -> [StoredDemandModel] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT tenant_id, version, trained_at, trigger, history_from, history_to, training_hours, items, mae, naive_mae,
                  held_out_hours FROM demand_models WHERE tenant_id = ? ORDER BY version DESC LIMIT ?
                """, arguments: [tenantId, limit]).map { try Self.storedModel($0, withCoefficients: false) }
        }
    }

    private static func storedModel(_ row: Row, withCoefficients: Bool) throws -> StoredDemandModel {
        let mae: Double? = row["mae"]
        let naive: Double? = row["naive_mae"]
        let heldOut: Int? = row["held_out_hours"]
        let trainingHours: Int = row["training_hours"]
        let items: Int = row["items"]
        let evaluation = mae.flatMap { mae in
            naive.map { DemandEvaluation(meanAbsoluteError: mae, naiveMeanAbsoluteError: $0, trainingHours: trainingHours, heldOutHours: heldOut ?? 0, items: items) }
        }
        let model = withCoefficients ? try JSONDecoder().decode(DemandModel.self, from: Data((row["model"] as String).utf8)) : nil
        return StoredDemandModel(
            version: row["version"], trainedAt: row["trained_at"], trigger: row["trigger"], historyFrom: row["history_from"],
            historyTo: row["history_to"], trainingHours: trainingHours, items: items, evaluation: evaluation, model: model)
    }

    /// The manager's guardrails, or the defaults before any were set.
    public func discountGuardrails(tenantId: String) async throws -> DiscountGuardrails {
        try await pool.read { db in
            guard let json = try String.fetchOne(db, sql: "SELECT settings FROM discount_guardrails WHERE tenant_id = ?", arguments: [tenantId])
            else { return DiscountGuardrails() }
            return (try? JSONDecoder().decode(DiscountGuardrails.self, from: Data(json.utf8))) ?? DiscountGuardrails()
        }
    }

    public func setDiscountGuardrails(tenantId: String, _ guardrails: DiscountGuardrails, by actor: String, at instant: Date) async throws {
        let json = String(decoding: try JSONEncoder().encode(guardrails), as: UTF8.self)
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO discount_guardrails (tenant_id, settings, updated_at, updated_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at,
                  updated_by = excluded.updated_by
                """, arguments: [tenantId, json, Timestamp.string(instant), actor])
        }
    }

    public func policyInputs(tenantId: String) async throws -> PolicyInputs {
        try await pool.read { db in try Self.policyInputs(db, tenantId: tenantId) }
    }

    static func policyInputs(_ db: Database, tenantId: String) throws -> PolicyInputs {
        let lines = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT m.id, m.price_paise, r.ingredient_id, r.quantity, i.cost_paise_per_1000
            FROM menu_items m JOIN recipe_lines r ON r.tenant_id = m.tenant_id AND r.menu_item_id = m.id
            JOIN ingredients i ON i.tenant_id = r.tenant_id AND i.id = r.ingredient_id
            WHERE m.tenant_id = ? AND m.is_deleted = 0 ORDER BY m.id
            """), arguments: [tenantId])
        var items: [PolicyItem] = []
        for row in lines {
            let id: String = row[0]
            if items.last?.id != id { items.append(PolicyItem(id: id, price: Paise(row[1]), foodCost: .zero, recipe: [:])) }
            let quantity: Int = row[3]
            let costPer1000: Int64 = row[4]
            items[items.count - 1].recipe[row[2]] = Double(quantity)
            // Rounded to the nearest paisa per portion.
            items[items.count - 1].foodCost += Paise((Int64(quantity) * costPer1000 + 500) / 1_000)
        }
        let perishables = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, name, unit, MAX(stock_quantity - reserved_quantity, 0) FROM ingredients
            WHERE tenant_id = ? AND is_perishable = 1 ORDER BY id
            """), arguments: [tenantId]).map {
                PerishableStock(id: $0[0], name: $0[1], unit: $0[2], available: Double($0[3] as Int))
            }
        return PolicyInputs(items: items, perishables: perishables)
    }
}
