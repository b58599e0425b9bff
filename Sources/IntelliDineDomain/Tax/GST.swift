/// Goods and Services Tax on restaurant service (SAC 996331), split equally between
/// the Centre (CGST) and the State (SGST) for an intra-state sale.
public struct GSTRate: Hashable, Sendable {
    /// The combined rate, e.g. 18 % = 1800 basis points.
    public var total: BasisPoints

    public init(total: BasisPoints) { self.total = total }

    public static let restaurant18 = GSTRate(total: BasisPoints(1_800))

    /// Tax on a taxable value. The combined tax is rounded once, then split: CGST takes the odd
    /// paisa, so CGST + SGST always equals the combined tax (₹922.50 → ₹166.05 = 83.03 + 83.02).
    public func tax(on taxable: Paise) -> GSTBreakdown {
        let combined = taxable.applying(total)
        let sgst = Paise(combined.value / 2)
        return GSTBreakdown(cgst: combined - sgst, sgst: sgst)
    }
}

/// The two halves of GST on one bill.
public struct GSTBreakdown: Hashable, Sendable {
    public var cgst: Paise
    public var sgst: Paise
    public var total: Paise { cgst + sgst }
}
