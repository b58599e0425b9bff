/// One line the guest asked for, with the server's own price and the discount granted.
/// `unitPrice` is the server-side price of one unit (variant and add-ons included once those
/// exist); a price sent by a client is never trusted.
public struct PricingLine: Hashable, Sendable {
    public var menuItemId: String
    public var unitPrice: Paise
    public var quantity: Int
    public var discount: BasisPoints

    public init(menuItemId: String, unitPrice: Paise, quantity: Int, discount: BasisPoints = .zero) {
        self.menuItemId = menuItemId
        self.unitPrice = unitPrice
        self.quantity = quantity
        self.discount = discount
    }
}

/// A priced line: what one unit costs after its discount, and the line's totals.
public struct PricedLine: Hashable, Sendable {
    public var line: PricingLine
    /// One unit after discount, rounded half up to the paisa (₹250 at 15 % → ₹212.50).
    public var discountedUnitPrice: Paise
    /// `discountedUnitPrice × quantity`.
    public var subtotal: Paise
    /// `unitPrice × quantity`, before any discount.
    public var originalSubtotal: Paise
}

/// The totals of an order, before and after discounts, with GST.
public struct OrderTotals: Hashable, Sendable {
    public var subtotal: Paise
    public var originalSubtotal: Paise
    public var gst: GSTBreakdown
    public var originalGST: Paise
    public var total: Paise { subtotal + gst.total }
    public var originalTotal: Paise { originalSubtotal + originalGST }
    /// What the guest saves, tax included (`discount_saved` in the API).
    public var discountSaved: Paise { originalTotal - total }
    /// The pre-tax discount (the "Discount" line of the guest's confirmation).
    public var discount: Paise { originalSubtotal - subtotal }
}

/// Prices an order: per-unit discounts, line subtotals, GST on the discounted subtotal.
public enum OrderPricing {
    public static func price(_ lines: [PricingLine], gst: GSTRate) -> (lines: [PricedLine], totals: OrderTotals) {
        let priced = lines.map { line -> PricedLine in
            let keep = BasisPoints.hundredPercent - line.discount
            let unit = line.unitPrice.applying(keep)
            return PricedLine(
                line: line,
                discountedUnitPrice: unit,
                subtotal: unit * line.quantity,
                originalSubtotal: line.unitPrice * line.quantity)
        }
        let subtotal = priced.reduce(Paise.zero) { $0 + $1.subtotal }
        let original = priced.reduce(Paise.zero) { $0 + $1.originalSubtotal }
        let totals = OrderTotals(
            subtotal: subtotal,
            originalSubtotal: original,
            gst: gst.tax(on: subtotal),
            originalGST: gst.tax(on: original).total)
        return (priced, totals)
    }

    /// The change for a cash payment, or `nil` when the cash does not cover the amount due.
    public static func change(received: Paise, due: Paise) -> Paise? {
        received >= due ? received - due : nil
    }
}
