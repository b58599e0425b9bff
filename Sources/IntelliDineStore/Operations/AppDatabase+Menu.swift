import Foundation
import GRDB
import IntelliDineDomain

/// What a guest's menu shows: categories in order, and the items on sale.
public struct MenuSnapshot: Sendable, Equatable {
    public var categories: [CategoryRecord]
    public var items: [MenuItemRecord]
    /// Portions and add-ons, for the items that have them.
    public var customizations: [String: MenuCustomization] = [:]
}

/// What placing an order reads before it writes.
public struct OrderingContext: Sendable {
    public var tenant: TenantRecord
    /// `nil` when the table does not exist or is inactive.
    public var table: TableRecord?
    /// The restaurant's orderable items by id (not deleted, not in a hidden category): more than
    /// the order names, so look items up by id.
    public var items: [String: MenuItemRecord]
    public var pricing: PricingInputs
    /// Portions and add-ons, by item id.
    public var customizations: [String: MenuCustomization] = [:]
    /// The rates of the restaurant's tax classes (docs/tax.md); the standard class is the tenant's.
    public var taxClasses: [String: GSTRate] = [:]
}

/// What pricing reads besides the menu: stock levels, the manager's rules, and the demand model's
/// inputs (read only when the restaurant has a model).
public struct PricingInputs: Sendable {
    public var stockPercentages: [String: Int]
    public var discountRules: [DiscountRule]
    public var policyInputs: PolicyInputs?
}

/// A manager's edit of an item; `nil` fields are left as they are.
public struct MenuItemChanges: Sendable {
    public var categoryId: String?
    public var name: String?
    public var description: String?
    public var price: Paise?
    public var imageUrl: String?
    public var preparationTime: Int?
    public var dietaryTags: [String]?
    public var displayOrder: Int?
    public var isAvailable: Bool?
    public var diet: Diet?
    /// Takes the veg mark off (a wrong one set by mistake).
    public var clearDiet: Bool
    /// Hindi texts; an empty string clears one (the guest then sees the default).
    public var nameHi: String?
    public var descriptionHi: String?
    /// The tax class ("" puts the dish back in the standard class) and the spice level (-1 clears it).
    public var taxClassId: String? = nil
    public var spiceLevel: Int? = nil

    public init(
        categoryId: String? = nil, name: String? = nil, description: String? = nil, price: Paise? = nil,
        imageUrl: String? = nil, preparationTime: Int? = nil, dietaryTags: [String]? = nil, displayOrder: Int? = nil,
        isAvailable: Bool? = nil, diet: Diet? = nil, clearDiet: Bool = false, nameHi: String? = nil, descriptionHi: String? = nil,
        taxClassId: String? = nil, spiceLevel: Int? = nil
    ) {
        self.taxClassId = taxClassId
        self.spiceLevel = spiceLevel
        self.categoryId = categoryId
        self.name = name
        self.description = description
        self.price = price
        self.imageUrl = imageUrl
        self.preparationTime = preparationTime
        self.dietaryTags = dietaryTags
        self.displayOrder = displayOrder
        self.isAvailable = isAvailable
        self.diet = diet
        self.clearDiet = clearDiet
        self.nameHi = nameHi
        self.descriptionHi = descriptionHi
    }
}

/// Why a menu edit is refused.
public enum MenuRefusal: Error, Equatable, Sendable {
    case categoryNotFound(String)
    case itemNotFound(String)
    case duplicateId(String)
    /// Another dish in the same category already has this name.
    case duplicateName(String)
    case categoryNotEmpty(name: String, dishes: Int)
    case taxClassNotFound(String)
    /// A tax class still has dishes in it (the first few named).
    case taxClassInUse(name: String, dishes: [String])
}

extension AppDatabase {
    public func tenant(id: String) async throws -> TenantRecord? {
        try await pool.read { db in try TenantRecord.fetchOne(db, key: id) }
    }

    /// The restaurant, or `OrderRefusal.tenantNotFound` (a 404) when there is none with that id.
    public func requireTenant(id: String) async throws -> TenantRecord {
        guard let tenant = try await tenant(id: id) else { throw OrderRefusal.tenantNotFound }
        return tenant
    }

    /// The guest's menu: the non-deleted items and their categories. Items 86'd by hand or by
    /// stock are in it, marked unavailable, so a guest sees them greyed as "Sold out" rather than
    /// vanishing (docs/apps.md, "The guest app").
    public func menu(tenantId: String) async throws -> MenuSnapshot {
        try await pool.read { db in
            let items = try MenuItemRecord.fetchAll(db, sql: """
                SELECT m.* FROM menu_items m JOIN categories c ON c.tenant_id = m.tenant_id AND c.id = m.category_id
                WHERE m.tenant_id = ? AND m.is_deleted = 0 AND c.is_deleted = 0 AND c.is_hidden = 0
                ORDER BY c.display_order, m.display_order, m.name
                """, arguments: [tenantId])
            let categories = try CategoryRecord.fetchAll(db, sql: """
                SELECT * FROM categories WHERE tenant_id = ? AND is_deleted = 0 AND is_hidden = 0
                AND id IN (SELECT category_id FROM menu_items WHERE tenant_id = ? AND is_deleted = 0)
                ORDER BY display_order, name
                """, arguments: [tenantId, tenantId])
            return MenuSnapshot(categories: categories, items: items, customizations: try Self.customizations(db, tenantId: tenantId, itemIds: nil))
        }
    }

    /// One item that is not deleted, or nil.
    public func menuItem(tenantId: String, id: String) async throws -> MenuItemRecord? {
        try await pool.read { db in
            try MenuItemRecord.fetchOne(db, sql: "SELECT * FROM menu_items WHERE tenant_id = ? AND id = ? AND is_deleted = 0", arguments: [tenantId, id])
        }
    }

    /// Every category and non-deleted item, 86'd ones included, for the manager.
    public func fullMenu(tenantId: String) async throws -> MenuSnapshot {
        try await pool.read { db in
            MenuSnapshot(
                categories: try CategoryRecord.fetchAll(
                    db, sql: "SELECT * FROM categories WHERE tenant_id = ? AND is_deleted = 0 ORDER BY display_order, name",
                    arguments: [tenantId]),
                items: try MenuItemRecord.fetchAll(
                    db, sql: "SELECT * FROM menu_items WHERE tenant_id = ? AND is_deleted = 0 ORDER BY category_id, display_order, name",
                    arguments: [tenantId]),
                customizations: try Self.customizations(db, tenantId: tenantId, itemIds: nil))
        }
    }

    /// Everything placing an order needs to know: the restaurant, the table, its items (deleted ones
    /// excluded), their stock percentages, the discount rules and, when asked, what the demand
    /// model policy needs. What only the manager changes comes from `orderingMenus` when no commit
    /// has touched it since; the rest is read in one snapshot.
    public func orderingContext(
        tenantId: String, tableId: String, itemIds: [String], withPolicyInputs: Bool = false
    ) async throws -> OrderingContext? {
        let generation = orderingMenus.changes.generation
        let cached = orderingMenus.menu(tenantId: tenantId, at: generation)
        // One read for all of it, on this thread (`InlineReaders`: a few indexed look-ups).
        let read = try inlineReaders.read { db -> (context: OrderingContext, menu: OrderingMenu)? in
            // Every order and quote runs these: prepared once per connection (`cachedStatement`).
            // Compiled on each call, the order path's statements (SQLite's parser and GRDB's
            // authorizer) were 6 % of the daemon's CPU under a load of orders (BENCHMARKS.md).
            guard let menu = try cached ?? OrderingMenu.read(db, tenantId: tenantId) else { return nil }
            let table = try db.fetchBound(
                "SELECT table_number, name, capacity FROM tables WHERE tenant_id = ? AND id = ? AND is_active = 1",
                { $0.add(tenantId); $0.add(tableId) },
                { TableRecord(id: tableId, tenantId: tenantId, tableNumber: $0.int(0), name: $0.text(1), capacity: $0.int(2), isActive: true) })
            // Only a rule with a stock band reads an item's stock (the demand model reads its own
            // inputs), so the items no such rule covers are not looked up: on the order path,
            // that query was 4 % of the daemon's samples in a profile under a load of orders.
            let stockItems = itemIds.filter { id in menu.discountRules.contains { $0.readsStock(of: id) } }
            let pricing = PricingInputs(
                stockPercentages: try Self.stockPercentages(db, tenantId: tenantId, itemIds: stockItems, recipes: menu.recipes),
                discountRules: menu.discountRules,
                policyInputs: withPolicyInputs ? try Self.policyInputs(db, tenantId: tenantId) : nil)
            return (OrderingContext(
                tenant: menu.tenant, table: table, items: menu.items, pricing: pricing, customizations: menu.customizations,
                taxClasses: menu.taxClasses), menu)
        }
        if let read, cached == nil { orderingMenus.keep(read.menu, readAfter: generation) }
        return read?.context
    }

    static func taxClassRates(_ db: Database, tenantId: String) throws -> [String: GSTRate] {
        var rates: [String: GSTRate] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, rate_bp FROM tax_classes WHERE tenant_id = ?", arguments: [tenantId]) {
            rates[row["id"]] = GSTRate(total: BasisPoints(row["rate_bp"]))
        }
        return rates
    }

    /// What pricing reads for the items named (every item on the menu when nil), in one read.
    public func pricingInputs(tenantId: String, itemIds: [String]?, withPolicyInputs: Bool) async throws -> (TenantRecord, PricingInputs) {
        try await pool.read { db in
            guard let tenant = try TenantRecord.fetchOne(db, key: tenantId) else { throw OrderRefusal.tenantNotFound }
            let ids = try itemIds ?? String.fetchAll(
                db, sql: "SELECT id FROM menu_items WHERE tenant_id = ? AND is_deleted = 0", arguments: [tenantId])
            return (tenant, try Self.pricingInputs(db, tenantId: tenantId, itemIds: ids, withPolicyInputs: withPolicyInputs))
        }
    }

    static func pricingInputs(_ db: Database, tenantId: String, itemIds: [String], withPolicyInputs: Bool) throws -> PricingInputs {
        PricingInputs(
            stockPercentages: try stockPercentages(db, tenantId: tenantId, itemIds: itemIds, recipes: RecipeBook.read(db, tenantId: tenantId)),
            discountRules: try discountRules(db, tenantId: tenantId),
            policyInputs: withPolicyInputs ? try policyInputs(db, tenantId: tenantId) : nil)
    }

    /// Each item's stock as a percentage of par, taken from its scarcest ingredient by `recipes` (the
    /// ordering menu's, on the order path); items without a recipe have no stock figure. Only the
    /// ingredients are read, with `json_each` as the outer loop: joining `recipe_lines` with an
    /// `IN (…)` list and grouping by item built SQLite two temporary tables per read, a third of the
    /// order path's read (docs/architecture.md, "The order path's statements").
    static func stockPercentages(_ db: Database, tenantId: String, itemIds: [String], recipes: RecipeBook) throws -> [String: Int] {
        let ingredients = Set(itemIds.flatMap { recipes.parts[$0] ?? [] }.map(\.ingredient))
        guard !ingredients.isEmpty else { return [:] }
        var levels: [String: Int] = [:]
        for (id, level) in try db.fetchAllBound("""
            SELECT i.id, MAX(i.stock_quantity - i.reserved_quantity, 0) * 100 / i.par_level
            FROM json_each(?) AS wanted CROSS JOIN ingredients AS i ON i.tenant_id = ? AND i.id = wanted.value
            """, { $0.add(jsonArray(ingredients)); $0.add(tenantId) }, { ($0.text(0), $0.int(1)) }) {
            levels[id] = level
        }
        var percentages: [String: Int] = [:]
        for item in itemIds {
            // An ingredient no longer on file does not count, as an inner join would leave it out.
            if let scarcest = (recipes.parts[item] ?? []).compactMap({ levels[$0.ingredient] }).min() {
                percentages[item] = min(scarcest, 100)
            }
        }
        return percentages
    }

    /// The manager's active discount rules.
    public func discountRules(tenantId: String) async throws -> [DiscountRule] {
        try await pool.read { db in try Self.discountRules(db, tenantId: tenantId) }
    }

    static func discountRules(_ db: Database, tenantId: String) throws -> [DiscountRule] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM discount_rules WHERE tenant_id = ? AND is_active = 1 ORDER BY id"), arguments: [tenantId])
            .map { row in
                DiscountRule(
                    id: row["id"], menuItemId: row["menu_item_id"], discount: BasisPoints(row["discount_bp"]),
                    reason: row["reason"], confidence: row["confidence"],
                    maxStockPercentage: row["max_stock_percentage"], minStockPercentage: row["min_stock_percentage"],
                    appliesDuringPeaks: row["applies_during_peaks"])
            }
    }

    // MARK: - Manager edits

    public func createCategory(_ category: CategoryRecord) async throws -> CategoryRecord {
        try await pool.write { db in
            if try CategoryRecord.exists(db, key: ["tenant_id": category.tenantId, "id": category.id]) {
                throw MenuRefusal.duplicateId(category.id)
            }
            try category.insert(db)
            return category
        }
    }

    public func updateCategory(
        tenantId: String, id: String, name: String?, displayOrder: Int?, isHidden: Bool? = nil
    ) async throws -> CategoryRecord {
        try await pool.write { db in
            guard var category = try CategoryRecord.fetchOne(db, key: ["tenant_id": tenantId, "id": id]), !category.isDeleted
            else { throw MenuRefusal.categoryNotFound(id) }
            if let name { category.name = name }
            if let displayOrder { category.displayOrder = displayOrder }
            if let isHidden { category.isHidden = isHidden }
            try category.update(db)
            return category
        }
    }

    /// Deletes an empty category; one that still has dishes is refused (move or delete them first),
    /// so no dish is ever left in a category nobody can see.
    public func deleteCategory(tenantId: String, id: String) async throws {
        try await pool.write { db in
            guard var category = try CategoryRecord.fetchOne(db, key: ["tenant_id": tenantId, "id": id]), !category.isDeleted
            else { throw MenuRefusal.categoryNotFound(id) }
            let dishes = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM menu_items WHERE tenant_id = ? AND category_id = ? AND is_deleted = 0", arguments: [tenantId, id])!
            guard dishes == 0 else { throw MenuRefusal.categoryNotEmpty(name: category.name, dishes: dishes) }
            category.isDeleted = true
            try category.update(db)
        }
    }

    /// A dish's name is unique within its category, whatever the case or spacing.
    private static func checkNameFree(_ db: Database, _ item: MenuItemRecord) throws {
        let taken = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM menu_items WHERE tenant_id = ? AND category_id = ? AND id != ? AND is_deleted = 0
              AND lower(trim(name)) = lower(trim(?)))
            """, arguments: [item.tenantId, item.categoryId, item.id, item.name])!
        if taken { throw MenuRefusal.duplicateName(item.name) }
    }

    private static func checkTaxClass(_ db: Database, _ item: MenuItemRecord) throws {
        guard let taxClass = item.taxClassId else { return }
        guard try TaxClassRecord.exists(db, key: ["tenant_id": item.tenantId, "id": taxClass]) else {
            throw MenuRefusal.taxClassNotFound(taxClass)
        }
    }

    /// A category a dish may be put in: it exists and is not deleted (a dish there would show
    /// on no menu, and deleting the category promised no dish is left where nobody sees it).
    private static func categoryIsLive(_ db: Database, tenantId: String, id: String) throws -> Bool {
        try CategoryRecord.fetchOne(db, key: ["tenant_id": tenantId, "id": id]).map { !$0.isDeleted } ?? false
    }

    public func createMenuItem(_ item: MenuItemRecord, at instant: Date) async throws -> MenuItemRecord {
        try await pool.write { db in
            guard try Self.categoryIsLive(db, tenantId: item.tenantId, id: item.categoryId) else {
                throw MenuRefusal.categoryNotFound(item.categoryId)
            }
            if try MenuItemRecord.exists(db, key: ["tenant_id": item.tenantId, "id": item.id]) {
                throw MenuRefusal.duplicateId(item.id)
            }
            try Self.checkNameFree(db, item)
            try Self.checkTaxClass(db, item)
            try item.insert(db)
            try Self.logItemChange(db, item, at: instant)
            return item
        }
    }

    /// Applies a manager's edit: price, availability (86), text, category, tags.
    public func updateMenuItem(tenantId: String, id: String, changes: MenuItemChanges, at instant: Date) async throws -> MenuItemRecord {
        try await pool.write { db in
            guard var item = try MenuItemRecord.fetchOne(db, key: ["tenant_id": tenantId, "id": id]), !item.isDeleted
            else { throw MenuRefusal.itemNotFound(id) }
            if let categoryId = changes.categoryId {
                guard try Self.categoryIsLive(db, tenantId: tenantId, id: categoryId) else {
                    throw MenuRefusal.categoryNotFound(categoryId)
                }
                item.categoryId = categoryId
            }
            if let name = changes.name { item.name = name }
            if let description = changes.description { item.description = description }
            if let price = changes.price { item.pricePaise = price.value }
            if let imageUrl = changes.imageUrl { item.imageUrl = imageUrl }
            if let preparationTime = changes.preparationTime { item.preparationTime = preparationTime }
            if let tags = changes.dietaryTags { item.tags = tags }
            if let displayOrder = changes.displayOrder { item.displayOrder = displayOrder }
            if let isAvailable = changes.isAvailable { item.isAvailable = isAvailable }
            if let diet = changes.diet { item.diet = diet.rawValue }
            if changes.clearDiet { item.diet = nil }
            if let nameHi = changes.nameHi { item.nameHi = nameHi.isEmpty ? nil : nameHi }
            if let descriptionHi = changes.descriptionHi { item.descriptionHi = descriptionHi.isEmpty ? nil : descriptionHi }
            if let taxClass = changes.taxClassId { item.taxClassId = taxClass.isEmpty ? nil : taxClass }
            if let spice = changes.spiceLevel { item.spiceLevel = spice < 0 ? nil : spice }
            if changes.name != nil || changes.categoryId != nil { try Self.checkNameFree(db, item) }
            try Self.checkTaxClass(db, item)
            item.updatedAt = Timestamp.string(instant)
            try item.update(db)
            try Self.logItemChange(db, item, at: instant)
            return item
        }
    }

    /// Takes an item off the menu for good; its past orders keep their lines.
    public func deleteMenuItem(tenantId: String, id: String, at instant: Date) async throws {
        try await pool.write { db in
            guard var item = try MenuItemRecord.fetchOne(db, key: ["tenant_id": tenantId, "id": id]), !item.isDeleted
            else { throw MenuRefusal.itemNotFound(id) }
            item.isDeleted = true
            item.updatedAt = Timestamp.string(instant)
            try item.update(db)
            try Self.logItemChange(db, item, at: instant)
        }
    }

    private static func logItemChange(_ db: Database, _ item: MenuItemRecord, at instant: Date) throws {
        try EventLog.append(
            db, tenantId: item.tenantId, aggregateId: item.id,
            payload: MenuItemChangedPayload(
                tenant_id: item.tenantId, item_id: item.id, name: item.name, price: Paise(item.pricePaise),
                is_available: item.isAvailable, is_deleted: item.isDeleted, timestamp: Timestamp.string(instant)),
            at: instant)
    }
}

extension AppDatabase {
    /// A restaurant's tables, by number, with the restaurant itself; nil for an unknown restaurant.
    public func tables(tenantId: String) async throws -> (TenantRecord, [TableRecord])? {
        try await pool.read { db in
            guard let tenant = try TenantRecord.fetchOne(db, key: tenantId) else { return nil }
            let tables = try TableRecord.fetchAll(
                db, sql: "SELECT * FROM tables WHERE tenant_id = ? AND is_active = 1 ORDER BY table_number", arguments: [tenantId])
            return (tenant, tables)
        }
    }
}
