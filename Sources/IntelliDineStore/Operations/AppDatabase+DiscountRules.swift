import Foundation
import GRDB
import IntelliDineDomain

extension AppDatabase {
    /// Creates or replaces one of the manager's rules (kept valid by `DiscountRule.isValid`).
    public func putDiscountRule(tenantId: String, _ rule: DiscountRule) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO discount_rules (id, tenant_id, menu_item_id, discount_bp, reason, confidence, max_stock_percentage,
                  min_stock_percentage, applies_during_peaks, is_active)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                ON CONFLICT (tenant_id, id) DO UPDATE SET menu_item_id = excluded.menu_item_id, discount_bp = excluded.discount_bp,
                  reason = excluded.reason, confidence = excluded.confidence, max_stock_percentage = excluded.max_stock_percentage,
                  min_stock_percentage = excluded.min_stock_percentage, applies_during_peaks = excluded.applies_during_peaks,
                  is_active = 1
                """, arguments: [
                    rule.id, tenantId, rule.menuItemId, rule.discount.value, rule.reason, rule.confidence, rule.maxStockPercentage,
                    rule.minStockPercentage, rule.appliesDuringPeaks,
                ])
        }
    }

    /// Retires a rule (kept for the record, no longer applied); false when there is none.
    public func retireDiscountRule(tenantId: String, id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE discount_rules SET is_active = 0 WHERE tenant_id = ? AND id = ? AND is_active = 1", arguments: [tenantId, id])
            return db.changesCount > 0
        }
    }
}
