import GRDB

// Order placement is the hot path: these inserts bind their values straight to statements
// prepared once per connection (`Database.runBound`), instead of GRDB's Codable encoding with its
// per-column key conversion, which cost more than the SQLite work itself (see BENCHMARKS.md).

extension OrderRecord {
    func insertFast(_ db: Database) throws {
        try db.runBound("""
            INSERT INTO orders (id, tenant_id, ticket_number, business_date, customer_id, table_id, table_number,
              table_session_id, round, status, original_subtotal_paise, subtotal_paise, cgst_paise, sgst_paise,
              total_paise, original_total_paise, gst_rate_bp, paid_paise, estimated_preparation_time, created_at, updated_at,
              service_charge_paise, round_off_paise, prices_include_tax, tax_lines)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """) { values in
            values.add(id); values.add(tenantId); values.add(ticketNumber); values.add(businessDate); values.add(customerId)
            values.add(tableId); values.add(tableNumber); values.add(tableSessionId); values.add(round); values.add(status.rawValue)
            values.add(originalSubtotalPaise); values.add(subtotalPaise); values.add(cgstPaise); values.add(sgstPaise)
            values.add(totalPaise); values.add(originalTotalPaise); values.add(gstRateBp); values.add(paidPaise)
            values.add(estimatedPreparationTime); values.add(createdAt); values.add(updatedAt); values.add(serviceChargePaise)
            values.add(roundOffPaise); values.add(pricesIncludeTax); values.add(taxLines)
        }
    }
}

extension OrderItemRecord {
    /// An order's lines in one statement (one per line count, prepared once per connection): a
    /// statement each was three executions per order on the single writer.
    static func insertFast(_ db: Database, _ items: [OrderItemRecord]) throws {
        guard !items.isEmpty else { return }
        let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        try db.runBound("""
            INSERT INTO order_items (id, order_id, tenant_id, position, menu_item_id, name, variant, options, quantity,
              unit_price_paise, discount_bp, discount_reason, discounted_unit_price_paise, subtotal_paise,
              special_instructions, preparation_time, discount_source, portion_bp, station, kitchen_status, gst_rate_bp)
            VALUES \(Array(repeating: row, count: items.count).joined(separator: ", "))
            """) { values in
            for item in items {
                values.add(item.id); values.add(item.orderId); values.add(item.tenantId); values.add(item.position)
                values.add(item.menuItemId); values.add(item.name); values.add(item.variant); values.add(item.options)
                values.add(item.quantity); values.add(item.unitPricePaise); values.add(item.discountBp); values.add(item.discountReason)
                values.add(item.discountedUnitPricePaise); values.add(item.subtotalPaise); values.add(item.specialInstructions)
                values.add(item.preparationTime); values.add(item.discountSource); values.add(item.portionBp); values.add(item.station)
                values.add(item.kitchenStatus.rawValue); values.add(item.gstRateBp)
            }
        }
    }
}

extension StatusHistoryRecord {
    func insertFast(_ db: Database) throws {
        try db.runBound("""
            INSERT INTO order_status_history (id, order_id, tenant_id, from_status, status, changed_at, changed_by, notes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """) { values in
            values.add(id); values.add(orderId); values.add(tenantId); values.add(fromStatus); values.add(status)
            values.add(changedAt); values.add(changedBy); values.add(notes)
        }
    }
}
