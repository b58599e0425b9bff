import Foundation
import IntelliDineDomain

/// A new order's rows and its `order.created` payload, made before its write: all but what only
/// the write decides (the business day, if the day was closed meanwhile; the ticket number; the
/// table session and round), which the order row gets there and the payload leaves as holes.
struct PlacedRows: Sendable {
    /// The order as placed, with a ticket number, session and round still to come.
    let detail: OrderDetail
    /// `order.created` with holes for the writer's values (`JSONText.filled`).
    let event: JSONText

    init(_ new: NewOrder) {
        let now = Timestamp.string(new.placedAt)
        let totals = new.totals
        let order = OrderRecord(
            id: new.id, tenantId: new.tenantId, ticketNumber: 0, businessDate: new.businessDate,
            customerId: new.customerId, tableId: new.table.id, tableNumber: new.table.tableNumber,
            tableSessionId: nil, round: 0, status: .pending,
            originalSubtotalPaise: totals.originalSubtotal.value, subtotalPaise: totals.subtotal.value,
            cgstPaise: totals.gst.cgst.value, sgstPaise: totals.gst.sgst.value, totalPaise: totals.total.value,
            originalTotalPaise: totals.originalTotal.value, gstRateBp: new.gstRate.total.value, paidPaise: 0,
            estimatedPreparationTime: new.estimatedPreparationTime, createdAt: now, updatedAt: now,
            serviceChargePaise: totals.serviceCharge.value, roundOffPaise: totals.roundOff.value,
            pricesIncludeTax: totals.pricesIncludeTax, taxLines: TaxLinesJSON.encode(totals.taxes))
        let items = new.lines.enumerated().map { position, line in
            OrderItemRecord(
                id: RecordID.make("oi"), orderId: new.id, tenantId: new.tenantId, position: position,
                menuItemId: line.priced.line.menuItemId, name: line.name, variant: line.variant, options: ChosenOption.json(line.options),
                quantity: line.priced.line.quantity, unitPricePaise: line.priced.line.unitPrice.value,
                discountBp: line.priced.line.discount.value, discountReason: line.discountReason,
                discountedUnitPricePaise: line.priced.discountedUnitPrice.value, subtotalPaise: line.priced.subtotal.value,
                specialInstructions: line.specialInstructions, preparationTime: line.preparationTime,
                discountSource: line.discountSource, portionBp: line.portionBp, station: line.station, kitchenStatus: .new,
                gstRateBp: line.priced.line.gst.total.value)
        }
        let history = StatusHistoryRecord(
            id: RecordID.make("osh"), orderId: new.id, tenantId: new.tenantId, fromStatus: nil,
            status: OrderStatus.pending.rawValue, changedAt: now, changedBy: new.placedBy, notes: "Order placed")
        detail = OrderDetail(order: order, items: items, history: [history], payments: [])

        let payload = OrderCreatedPayload(
            order_id: new.id, ticket_number: 0, tenant_id: new.tenantId, customer_id: new.customerId,
            table_id: new.table.id, table_number: new.table.tableNumber, table_session_id: "", round: 0,
            total: totals.total,
            service_charge: totals.serviceCharge > .zero ? totals.serviceCharge : nil,
            round_off: totals.roundOff != .zero ? totals.roundOff : nil,
            taxes: totals.taxes.map(OrderCreatedPayload.Tax.init),
            // The chosen options from the line itself: decoding them back from the JSON just written
            // cost more than the rest of the payload.
            items: zip(items, new.lines).map { item, line in
                .init(item_id: item.menuItemId, name: item.name, quantity: item.quantity, unit_price: Paise(item.unitPricePaise),
                      discount_applied: BasisPoints(item.discountBp).percent, special_instructions: item.specialInstructions,
                      variant: item.variant, options: line.options.isEmpty ? nil : line.options, station: item.station)
            },
            timestamp: now)
        var event = JSONText(capacity: 1024)
        event.leavesWriterFieldsOpen = true
        payload.write(to: &event)
        self.event = event
    }
}
