/// One line the guest asked for, with the server's own price and the discount granted.
/// `unitPrice` is the server-side price of one unit, portion and add-ons included; a price sent
/// by a client is never trusted. `gst` is the rate of the dish's tax class.
public struct PricingLine: Hashable, Sendable {
    public var menuItemId: String
    public var unitPrice: Paise
    public var quantity: Int
    public var discount: BasisPoints
    public var gst: GSTRate

    public init(menuItemId: String, unitPrice: Paise, quantity: Int, discount: BasisPoints = .zero, gst: GSTRate = .restaurant18) {
        self.menuItemId = menuItemId
        self.unitPrice = unitPrice
        self.quantity = quantity
        self.discount = discount
        self.gst = gst
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

/// The totals of an order, before and after discounts, with its service charge, GST at each rate
/// and round-off (`BillSettings.bill`).
public struct OrderTotals: Hashable, Sendable {
    /// The lines at menu prices: after discounts, and before discounts.
    public var subtotal: Paise
    public var originalSubtotal: Paise
    public var serviceCharge: Paise
    /// GST at each rate, lowest first.
    public var taxes: [TaxLine]
    public var roundOff: Paise
    public var total: Paise
    /// What the order would have cost without discounts, before round-off.
    public var originalTotal: Paise
    /// Whether the menu prices included the tax when the order was placed.
    public var pricesIncludeTax: Bool

    public init(
        subtotal: Paise, originalSubtotal: Paise, serviceCharge: Paise, taxes: [TaxLine], roundOff: Paise, total: Paise,
        originalTotal: Paise, pricesIncludeTax: Bool
    ) {
        (self.subtotal, self.originalSubtotal, self.serviceCharge, self.taxes) = (subtotal, originalSubtotal, serviceCharge, taxes)
        (self.roundOff, self.total, self.originalTotal, self.pricesIncludeTax) = (roundOff, total, originalTotal, pricesIncludeTax)
    }

    /// GST on the whole order, in its two halves.
    public var gst: GSTBreakdown { taxes.reduce(.zero) { $0 + $1.tax } }
    /// The value GST is charged on: the food before tax and the service charge.
    public var taxable: Paise { taxes.reduce(.zero) { $0 + $1.taxable } }
    /// What the guest saves, tax included (`discount_saved` in the API); round-off is not a saving.
    public var discountSaved: Paise { originalTotal - (total - roundOff) }
    /// The discount at menu prices (the "Discount" line of the guest's confirmation).
    public var discount: Paise { originalSubtotal - subtotal }
}

/// Prices an order: per-unit discounts, line subtotals, then the bill's arithmetic on them.
public enum OrderPricing {
    public static func price(
        _ lines: [PricingLine], settings: BillSettings, withServiceCharge: Bool = false
    ) -> (lines: [PricedLine], totals: OrderTotals) {
        let priced = lines.map { line -> PricedLine in
            let keep = BasisPoints.hundredPercent - line.discount
            let unit = line.unitPrice.applying(keep)
            return PricedLine(
                line: line,
                discountedUnitPrice: unit,
                subtotal: unit * line.quantity,
                originalSubtotal: line.unitPrice * line.quantity)
        }
        let bill = settings.bill(priced.map { ($0.subtotal, $0.line.gst) }, withServiceCharge: withServiceCharge)
        let original = settings.bill(priced.map { ($0.originalSubtotal, $0.line.gst) }, withServiceCharge: withServiceCharge, roundingOff: false)
        let totals = OrderTotals(
            subtotal: bill.subtotal, originalSubtotal: original.subtotal, serviceCharge: bill.serviceCharge, taxes: bill.taxes,
            roundOff: bill.roundOff, total: bill.total, originalTotal: original.total, pricesIncludeTax: settings.pricesIncludeTax)
        return (priced, totals)
    }

    /// The change for a cash payment, or `nil` when the cash does not cover the amount due.
    public static func change(received: Paise, due: Paise) -> Paise? {
        received >= due ? received - due : nil
    }
}
