import GRDB

// Order placement is the hot path: these inserts use cached prepared statements and bind values
// directly, instead of GRDB's Codable encoding with its per-column key conversion, which cost
// more than the SQLite work itself (see BENCHMARKS.md).

extension OrderRecord {
    func insertFast(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO orders (id, tenant_id, ticket_number, business_date, customer_id, table_id, table_number,
              table_session_id, round, status, original_subtotal_paise, subtotal_paise, cgst_paise, sgst_paise,
              total_paise, original_total_paise, gst_rate_bp, paid_paise, estimated_preparation_time, created_at, updated_at,
              service_charge_paise, round_off_paise, prices_include_tax, tax_lines)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                id, tenantId, ticketNumber, businessDate, customerId, tableId, tableNumber, tableSessionId, round, status,
                originalSubtotalPaise, subtotalPaise, cgstPaise, sgstPaise, totalPaise, originalTotalPaise, gstRateBp,
                paidPaise, estimatedPreparationTime, createdAt, updatedAt, serviceChargePaise, roundOffPaise, pricesIncludeTax, taxLines,
            ])
    }
}

extension OrderItemRecord {
    func insertFast(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO order_items (id, order_id, tenant_id, position, menu_item_id, name, variant, options, quantity,
              unit_price_paise, discount_bp, discount_reason, discounted_unit_price_paise, subtotal_paise,
              special_instructions, preparation_time, discount_source, portion_bp, station, kitchen_status, gst_rate_bp)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                id, orderId, tenantId, position, menuItemId, name, variant, options, quantity, unitPricePaise, discountBp,
                discountReason, discountedUnitPricePaise, subtotalPaise, specialInstructions, preparationTime, discountSource, portionBp,
                station, kitchenStatus, gstRateBp,
            ])
    }
}

extension StatusHistoryRecord {
    func insertFast(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO order_status_history (id, order_id, tenant_id, from_status, status, changed_at, changed_by, notes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, orderId, tenantId, fromStatus, status, changedAt, changedBy, notes])
    }
}
