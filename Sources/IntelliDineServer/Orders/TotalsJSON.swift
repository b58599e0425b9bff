import Foundation
import IntelliDineDomain
import IntelliDineStore

/// The money block of an order or a quote, in the API's field names (`total`, `original_total`,
/// `discount_saved`, …), written once for both. It is merged into the answer that carries it:
/// its fields sit beside the order's own, where clients have always read them.
struct TotalsJSON: Encodable {
    var original_subtotal: Paise
    var discount: Paise
    var subtotal: Paise
    /// The optional service charge the guest asked for (docs/tax.md); 0 when none.
    var service_charge: Paise
    var cgst: Paise
    var sgst: Paise
    var gst: Paise
    /// The restaurant's standard rate; `taxes` has each rate charged when dishes differ.
    var gst_rate: Decimal
    /// The value GST is charged on, and GST at each rate, lowest first.
    var taxable_value: Paise
    var taxes: [TaxJSON]
    /// Whether the menu prices include GST (then `subtotal` already contains it).
    var prices_include_tax: Bool
    /// What rounded the total to the rupee; 0 when the restaurant does not round off.
    var round_off: Paise
    var total: Paise
    var original_total: Paise
    var discount_saved: Paise

    /// A cart priced now.
    init(_ totals: OrderTotals, gstRate: GSTRate) {
        original_subtotal = totals.originalSubtotal
        subtotal = totals.subtotal
        discount = totals.discount
        service_charge = totals.serviceCharge
        (cgst, sgst, gst) = (totals.gst.cgst, totals.gst.sgst, totals.gst.total)
        gst_rate = gstRate.total.percent
        taxable_value = totals.taxable
        taxes = totals.taxes.map(TaxJSON.init)
        prices_include_tax = totals.pricesIncludeTax
        round_off = totals.roundOff
        total = totals.total
        original_total = totals.originalTotal
        discount_saved = totals.discountSaved
    }

    /// An order as it was placed (its stored figures). `taxes`, when given, are the order's tax lines
    /// as priced, which its `tax_lines` column holds as JSON: the 201 is written from them rather
    /// than by reading back that JSON on the writer.
    init(_ order: OrderRecord, taxes: [TaxLine]? = nil) {
        self.init(
            OrderTotals(
                subtotal: Paise(order.subtotalPaise), originalSubtotal: Paise(order.originalSubtotalPaise),
                serviceCharge: Paise(order.serviceChargePaise), taxes: taxes ?? order.taxes, roundOff: Paise(order.roundOffPaise),
                total: Paise(order.totalPaise), originalTotal: Paise(order.originalTotalPaise), pricesIncludeTax: order.pricesIncludeTax),
            gstRate: GSTRate(total: BasisPoints(order.gstRateBp)))
    }
}

/// An answer's own fields and a shared block, written as one JSON object.
struct Merged<Fields: Encodable, Block: Encodable>: Encodable {
    let fields: Fields
    let block: Block

    func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
        try block.encode(to: encoder)
    }
}

extension Merged: Sendable where Fields: Sendable, Block: Sendable {}
