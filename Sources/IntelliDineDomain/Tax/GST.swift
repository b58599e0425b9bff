/// Goods and Services Tax on restaurant service (SAC 996331), split equally between
/// the Centre (CGST) and the State (SGST) for an intra-state sale.
public struct GSTRate: Hashable, Sendable {
    /// The combined rate, e.g. 18 % = 1800 basis points.
    public var total: BasisPoints

    public init(total: BasisPoints) { self.total = total }

    public static let restaurant18 = GSTRate(total: BasisPoints(1_800))

    /// Tax on a taxable value. The combined tax is rounded once, then split: CGST takes the odd
    /// paisa, so CGST + SGST always equals the combined tax (₹922.50 → ₹166.05 = 83.03 + 83.02).
    public func tax(on taxable: Paise) -> GSTBreakdown { Self.split(taxable.applying(total)) }

    /// A combined tax in its two halves, CGST taking the odd paisa.
    public static func split(_ combined: Paise) -> GSTBreakdown {
        let sgst = Paise(combined.value / 2)
        return GSTBreakdown(cgst: combined - sgst, sgst: sgst)
    }

    /// The GST rates a restaurant may charge, in basis points. The 2025 reform ("GST 2.0") keeps
    /// 5 % and 18 % and adds 40 %; 12 % and 28 % stay for classes set up before it.
    public static let slabs: [Int] = [0, 500, 1_200, 1_800, 2_800, 4_000]
    public var isSlab: Bool { Self.slabs.contains(total.value) }
}

/// The two halves of GST on one bill.
public struct GSTBreakdown: Hashable, Sendable {
    public var cgst: Paise
    public var sgst: Paise
    public var total: Paise { cgst + sgst }

    public init(cgst: Paise, sgst: Paise) {
        self.cgst = cgst
        self.sgst = sgst
    }

    public static let zero = GSTBreakdown(cgst: .zero, sgst: .zero)
    public static func + (lhs: GSTBreakdown, rhs: GSTBreakdown) -> GSTBreakdown {
        GSTBreakdown(cgst: lhs.cgst + rhs.cgst, sgst: lhs.sgst + rhs.sgst)
    }
}
