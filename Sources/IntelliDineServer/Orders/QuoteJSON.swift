import Foundation
import IntelliDineDomain
import IntelliDineStore

/// What a cart would cost if placed now: the server's prices, today's discounts and GST, so the
/// guest's cart shows the same figures the order will (a client never does the tax sums).
struct QuoteJSON: Encodable {
    struct Item: Encodable {
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

    var success = true
    var items: [Item]
    var original_subtotal: Paise
    var discount: Paise
    var subtotal: Paise
    var cgst: Paise
    var sgst: Paise
    var gst: Paise
    var gst_rate: Decimal
    var total: Paise
    var original_total: Paise
    var discount_saved: Paise
    var estimated_preparation_time: Int

    init(_ order: NewOrder) {
        items = order.lines.map {
            Item(
                menu_item_id: $0.priced.line.menuItemId, name: $0.name, quantity: $0.priced.line.quantity,
                unit_price: $0.priced.line.unitPrice, discount_percentage: $0.priced.line.discount.percent,
                discount_reason: $0.discountReason, discounted_unit_price: $0.priced.discountedUnitPrice, subtotal: $0.priced.subtotal,
                variant: $0.variant, options: $0.options == "[]" ? nil : ChosenOption.decode($0.options))
        }
        let totals = order.totals
        original_subtotal = totals.originalSubtotal
        discount = totals.discount
        subtotal = totals.subtotal
        cgst = totals.gst.cgst
        sgst = totals.gst.sgst
        gst = totals.gst.total
        gst_rate = order.gstRate.total.percent
        total = totals.total
        original_total = totals.originalTotal
        discount_saved = totals.discountSaved
        estimated_preparation_time = order.estimatedPreparationTime
    }
}
