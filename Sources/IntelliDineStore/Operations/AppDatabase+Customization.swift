import Foundation
import GRDB
import IntelliDineDomain

extension AppDatabase {
    /// The portions and add-ons of the items named (items without any are left out).
    public func customizations(tenantId: String, itemIds: [String]?) async throws -> [String: MenuCustomization] {
        try await pool.read { db in try Self.customizations(db, tenantId: tenantId, itemIds: itemIds) }
    }

    static func customizations(_ db: Database, tenantId: String, itemIds: [String]?) throws -> [String: MenuCustomization] {
        if let itemIds, itemIds.isEmpty { return [:] }
        let filter = itemIds.map { " AND menu_item_id IN (\(databaseQuestionMarks(count: $0.count)))" } ?? ""
        let arguments = StatementArguments([tenantId] + (itemIds ?? []))
        var result: [String: MenuCustomization] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT menu_item_id, id, name, price_paise, portion_bp, is_default FROM item_variants
            WHERE tenant_id = ?\(filter) ORDER BY menu_item_id, display_order, id
            """), arguments: arguments) {
            result[row[0], default: .none].variants.append(MenuCustomization.Variant(
                id: row[1], name: row[2], price: Paise(row[3] as Int64), portionBp: row[4], isDefault: row[5]))
        }
        let options = Dictionary(grouping: try Row.fetchAll(db.cachedStatement(sql: """
            SELECT menu_item_id, group_id, id, name, price_paise FROM item_options
            WHERE tenant_id = ?\(filter) ORDER BY display_order, id
            """), arguments: arguments), by: { "\($0[0] as String)/\($0[1] as String)" })
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT menu_item_id, id, name, min_choices, max_choices FROM option_groups
            WHERE tenant_id = ?\(filter) ORDER BY menu_item_id, display_order, id
            """), arguments: arguments) {
            let item: String = row[0]
            let group: String = row[1]
            result[item, default: .none].groups.append(MenuCustomization.Group(
                id: group, name: row[2], minChoices: row[3], maxChoices: row[4],
                options: (options["\(item)/\(group)"] ?? []).map { MenuCustomization.Option(id: $0[2], name: $0[3], price: Paise($0[4] as Int64)) }))
        }
        return result
    }
}

extension AppDatabase {
    /// Replaces an item's portions and add-ons (checked by `MenuCustomization.problem` first).
    /// Orders already placed keep what they were sold with: their lines hold names and prices.
    public func setCustomization(tenantId: String, itemId: String, _ customization: MenuCustomization, at instant: Date) async throws {
        try await pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM menu_items WHERE tenant_id = ? AND id = ? AND is_deleted = 0", arguments: [tenantId, itemId])! > 0
            else { throw MenuRefusal.itemNotFound(itemId) }
            for table in ["item_options", "option_groups", "item_variants"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE tenant_id = ? AND menu_item_id = ?", arguments: [tenantId, itemId])
            }
            for (order, v) in customization.variants.enumerated() {
                try db.execute(sql: """
                    INSERT INTO item_variants (tenant_id, menu_item_id, id, name, price_paise, portion_bp, is_default, display_order)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [tenantId, itemId, v.id, v.name, v.price.value, v.portionBp, v.isDefault, order])
            }
            for (order, g) in customization.groups.enumerated() {
                try db.execute(sql: """
                    INSERT INTO option_groups (tenant_id, menu_item_id, id, name, min_choices, max_choices, display_order) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [tenantId, itemId, g.id, g.name, g.minChoices, g.maxChoices, order])
                for (position, o) in g.options.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO item_options (tenant_id, menu_item_id, group_id, id, name, price_paise, display_order) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [tenantId, itemId, g.id, o.id, o.name, o.price.value, position])
                }
            }
            try db.execute(sql: "UPDATE menu_items SET updated_at = ? WHERE tenant_id = ? AND id = ?", arguments: [Timestamp.string(instant), tenantId, itemId])
        }
    }
}
