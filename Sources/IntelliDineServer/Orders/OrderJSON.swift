import Foundation
import IntelliDineDomain
import IntelliDineStore

/// An order as the API shows it: the fields clients rely on (`total`, `original_total`,
/// `discount_saved`, `estimated_preparation_time`, ...) with money in rupees; its totals are the
/// shared `TotalsJSON` block.
struct OrderJSON: Encodable, Sendable {
    let json: Merged<Fields, TotalsJSON>

    /// `lineOptions`, when given, are each line's chosen options as the order was placed with them,
    /// so the 201 body does not decode them back from the `options` column just written.
    init(_ detail: OrderDetail, includeHistory: Bool = false, lineOptions: [[ChosenOption]]? = nil, taxes: [TaxLine]? = nil) {
        json = Merged(
            fields: Fields(detail, includeHistory: includeHistory, lineOptions: lineOptions), block: TotalsJSON(detail.order, taxes: taxes))
    }

    func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension OrderJSON {
    struct Item: Encodable, Sendable {
        var id: String
        var menu_item_id: String
        var name: String
        var quantity: Int
        var unit_price: Paise
        var discount_percentage: Decimal
        var discount_reason: String?
        var discounted_unit_price: Paise
        var subtotal: Paise
        var special_instructions: String?
        /// The portion chosen ("Half plate") and the add-ons and choices, when the item has them.
        var variant: String?
        var options: [ChosenOption]?
        /// The kitchen station that cooks it (its menu category) and how far it is: NEW, COOKING, DONE.
        var station: String
        var kitchen_status: KitchenLineStatus
    }

    struct HistoryEntry: Encodable, Sendable {
        var from_status: String?
        var status: String
        var changed_at: String
        var changed_by: String
        var notes: String?
    }

    /// The order's own fields, beside its totals.
    struct Fields: Encodable, Sendable {
        var id: String
        var ticket_number: Int
        var status: OrderStatus
        var customer_id: String?
        var table_id: String
        var table_number: Int
        /// The table's session (its shared bill) and which of its orders this is.
        var table_session_id: String?
        var round: Int
        var items: [Item]
        var amount_paid: Paise
        var amount_due: Paise
        var estimated_preparation_time: Int
        var created_at: String
        var updated_at: String
        var status_history: [HistoryEntry]?
        var payments: [PaymentJSON]?

        init(_ detail: OrderDetail, includeHistory: Bool = false, lineOptions: [[ChosenOption]]? = nil) {
            let order = detail.order
            let lineOptions = lineOptions?.count == detail.items.count ? lineOptions : nil
            id = order.id
            ticket_number = order.ticketNumber
            status = order.status
            customer_id = order.customerId
            table_id = order.tableId
            table_number = order.tableNumber
            table_session_id = order.tableSessionId
            round = order.round
            items = detail.items.enumerated().map { index, item in
                let chosen = lineOptions.map { $0[index].isEmpty ? nil : $0[index] }
                    ?? (item.options == "[]" ? nil : ChosenOption.decode(item.options))
                return Item(
                    id: item.id, menu_item_id: item.menuItemId, name: item.name, quantity: item.quantity,
                    unit_price: Paise(item.unitPricePaise), discount_percentage: BasisPoints(item.discountBp).percent,
                    discount_reason: item.discountReason, discounted_unit_price: Paise(item.discountedUnitPricePaise),
                    subtotal: Paise(item.subtotalPaise), special_instructions: item.specialInstructions, variant: item.variant,
                    options: chosen, station: item.station, kitchen_status: item.kitchenStatus)
            }
            amount_paid = Paise(order.paidPaise)
            amount_due = Paise(max(0, order.totalPaise - order.paidPaise))
            estimated_preparation_time = order.estimatedPreparationTime
            created_at = order.createdAt
            updated_at = order.updatedAt
            if includeHistory {
                status_history = detail.history.map {
                    HistoryEntry(from_status: $0.fromStatus, status: $0.status, changed_at: $0.changedAt, changed_by: $0.changedBy, notes: $0.notes)
                }
                payments = detail.payments.map(PaymentJSON.init)
            }
        }
    }
}

/// The answer to placing an order: the order, a message with the preparation time, the next step
/// (sent inside `Success`).
struct PlacedOrderJSON: Encodable, Sendable {
    var order: OrderJSON
    var message: String
    var next_steps = "Please wait at your table"

    init(_ detail: OrderDetail, lineOptions: [[ChosenOption]]? = nil, taxes: [TaxLine]? = nil) {
        order = OrderJSON(detail, lineOptions: lineOptions, taxes: taxes)
        message = "✅ Order placed! Your food will be ready in \(detail.order.estimatedPreparationTime) minutes."
    }
}
