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
    var cgst: Paise
    var sgst: Paise
    var gst: Paise
    var gst_rate: Decimal
    var total: Paise
    var original_total: Paise
    var discount_saved: Paise

    /// A cart priced now.
    init(_ totals: OrderTotals, gstRate: GSTRate) {
        self.init(
            originalSubtotal: totals.originalSubtotal, subtotal: totals.subtotal, cgst: totals.gst.cgst, sgst: totals.gst.sgst,
            gstRate: gstRate.total, total: totals.total, originalTotal: totals.originalTotal)
    }

    /// An order as it was placed (its stored figures).
    init(_ order: OrderRecord) {
        self.init(
            originalSubtotal: Paise(order.originalSubtotalPaise), subtotal: Paise(order.subtotalPaise), cgst: Paise(order.cgstPaise),
            sgst: Paise(order.sgstPaise), gstRate: BasisPoints(order.gstRateBp), total: Paise(order.totalPaise),
            originalTotal: Paise(order.originalTotalPaise))
    }

    private init(originalSubtotal: Paise, subtotal: Paise, cgst: Paise, sgst: Paise, gstRate: BasisPoints, total: Paise, originalTotal: Paise) {
        original_subtotal = originalSubtotal
        self.subtotal = subtotal
        discount = originalSubtotal - subtotal
        self.cgst = cgst
        self.sgst = sgst
        gst = cgst + sgst
        gst_rate = gstRate.percent
        self.total = total
        original_total = originalTotal
        discount_saved = originalTotal - total
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
