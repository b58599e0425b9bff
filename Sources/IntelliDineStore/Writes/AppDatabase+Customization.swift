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
