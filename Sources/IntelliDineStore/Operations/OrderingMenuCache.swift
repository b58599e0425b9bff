import GRDB
import IntelliDineDomain
import Synchronization

/// What placing an order reads that only the manager changes: the restaurant, its orderable items
/// with their portions and add-ons, its discount rules, tax classes and recipes.
struct OrderingMenu: Sendable {
    var tenant: TenantRecord
    /// Every item that is not deleted and not in a hidden category, by id.
    var items: [String: MenuItemRecord]
    var customizations: [String: MenuCustomization]
    var discountRules: [DiscountRule]
    var taxClasses: [String: GSTRate]
    var recipes: RecipeBook

    /// Read in the caller's snapshot; nil when there is no such restaurant.
    static func read(_ db: Database, tenantId: String) throws -> OrderingMenu? {
        guard let tenant = try TenantRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM tenants WHERE id = ?"), arguments: [tenantId])
        else { return nil }
        let items = try MenuItemRecord.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM menu_items WHERE tenant_id = ? AND is_deleted = 0
            AND category_id NOT IN (SELECT id FROM categories WHERE tenant_id = ? AND is_hidden = 1)
            """), arguments: [tenantId, tenantId])
        return OrderingMenu(
            tenant: tenant, items: Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) }),
            customizations: try AppDatabase.customizations(db, tenantId: tenantId, itemIds: nil),
            discountRules: try AppDatabase.discountRules(db, tenantId: tenantId),
            taxClasses: try AppDatabase.taxClassRates(db, tenantId: tenantId),
            recipes: try RecipeBook.read(db, tenantId: tenantId))
    }
}

/// Each restaurant's `OrderingMenu`, read once and kept until a commit changes one of its tables
/// (`changes`). Reading and decoding the restaurant and its items, portions and add-ons was a
/// sixth of the daemon's CPU per order, for data that changes a few times a day
/// (docs/architecture.md, "Caches").
final class OrderingMenuCache: Sendable {
    private struct Entry {
        var generation: UInt64
        var menu: OrderingMenu
    }

    /// The menu's tables, the discount rules, the tax classes and the recipes.
    let changes = TableChanges(tables: [
        "tenants", "menu_items", "categories", "item_variants", "option_groups", "item_options", "discount_rules", "tax_classes",
        "recipe_lines",
    ])
    private let entries = Mutex<[String: Entry]>([:])

    /// The restaurant's menu if none of its tables has changed since `generation` was read.
    func menu(tenantId: String, at generation: UInt64) -> OrderingMenu? {
        entries.withLock { entries in entries[tenantId].flatMap { $0.generation == generation ? $0.menu : nil } }
    }

    /// Keeps a menu read after `generation` was: a commit landing during the read leaves it
    /// stamped older than the counter, so the next order reads again.
    func keep(_ menu: OrderingMenu, readAfter generation: UInt64) {
        entries.withLock { entries in
            if (entries[menu.tenant.id]?.generation ?? 0) <= generation { entries[menu.tenant.id] = Entry(generation: generation, menu: menu) }
        }
    }
}
