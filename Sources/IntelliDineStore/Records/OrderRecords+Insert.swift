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
    /// An order's lines in one statement (one per line count, prepared once per connection): a
    /// statement each was three executions per order on the single writer.
    static func insertFast(_ db: Database, _ items: [OrderItemRecord]) throws {
        guard !items.isEmpty else { return }
        var arguments = StatementArguments()
        for item in items {
            arguments += [
                item.id, item.orderId, item.tenantId, item.position, item.menuItemId, item.name, item.variant, item.options,
                item.quantity, item.unitPricePaise, item.discountBp, item.discountReason, item.discountedUnitPricePaise,
                item.subtotalPaise, item.specialInstructions, item.preparationTime, item.discountSource, item.portionBp,
                item.station, item.kitchenStatus, item.gstRateBp,
            ]
        }
        let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        try db.cachedStatement(sql: """
            INSERT INTO order_items (id, order_id, tenant_id, position, menu_item_id, name, variant, options, quantity,
              unit_price_paise, discount_bp, discount_reason, discounted_unit_price_paise, subtotal_paise,
              special_instructions, preparation_time, discount_source, portion_bp, station, kitchen_status, gst_rate_bp)
            VALUES \(Array(repeating: row, count: items.count).joined(separator: ", "))
            """).execute(arguments: arguments)
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
