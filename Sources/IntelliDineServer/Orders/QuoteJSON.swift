import Foundation
import IntelliDineDomain
import IntelliDineStore

/// What a cart would cost if placed now: the server's prices, today's discounts and GST, so the
/// guest's cart shows the same figures the order will (a client never does the tax sums).
struct QuoteJSON: Encodable, Sendable {
    let json: Merged<Fields, TotalsJSON>

    /// `serviceCharge`: the restaurant's optional service charge, offered to the guest (zero: none).
    init(_ order: NewOrder, serviceCharge: BasisPoints) {
        json = Merged(fields: Fields(order, serviceCharge: serviceCharge), block: TotalsJSON(order.totals, gstRate: order.gstRate))
    }

    func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension QuoteJSON {
    struct Item: Encodable, Sendable {
        var menu_item_id: String
        var name: String
        var quantity: Int
        var unit_price: Paise
        var discount_percentage: Decimal
        var discount_reason: String?
        var discounted_unit_price: Paise
        var subtotal: Paise
        var variant: String?
        var options: [ChosenOption]?
    }

    /// The quote's own fields, beside its totals.
    struct Fields: Encodable, Sendable {
        var items: [Item]
        var estimated_preparation_time: Int
        /// The service charge the guest may add (`"service_charge": true`); 0 when the restaurant offers none.
        var service_charge_percentage: Decimal

        init(_ order: NewOrder, serviceCharge: BasisPoints) {
            service_charge_percentage = serviceCharge.percent
            items = order.lines.map {
                Item(
                    menu_item_id: $0.priced.line.menuItemId, name: $0.name, quantity: $0.priced.line.quantity,
                    unit_price: $0.priced.line.unitPrice, discount_percentage: $0.priced.line.discount.percent,
                    discount_reason: $0.discountReason, discounted_unit_price: $0.priced.discountedUnitPrice, subtotal: $0.priced.subtotal,
                    variant: $0.variant, options: $0.options.isEmpty ? nil : $0.options)
            }
            estimated_preparation_time = order.estimatedPreparationTime
        }
    }
}
