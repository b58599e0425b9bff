/// The tables of GSTR-1, the monthly return of outward supplies, that a restaurant selling mostly
/// to consumers files (docs/gstr1.md): B2B invoices (table 4), B2C others (table 7), the HSN/SAC
/// summary (table 12) and the documents issued (table 13). Worked out from the month's invoices
/// alone, so the return and the invoices cannot disagree: every amount is a sum of invoice amounts.
public enum GSTR1 {
    /// Table 4: a B2B invoice with its tax at each rate.
    public struct B2BInvoice: Sendable, Equatable {
        public var buyerGSTIN: String
        public var buyerName: String
        public var number: String
        public var localDate: String
        public var total: Paise
        public var taxes: [TaxLine]

        public init(buyerGSTIN: String, buyerName: String, number: String, localDate: String, total: Paise, taxes: [TaxLine]) {
            (self.buyerGSTIN, self.buyerName, self.number, self.localDate, self.total, self.taxes) = (buyerGSTIN, buyerName, number, localDate, total, taxes)
        }
    }

    /// Table 13: one invoice series (one per financial year) in the month.
    public struct DocumentSeries: Sendable, Equatable {
        public var from: String
        public var to: String
        public var count: Int
        public var cancelled: Int
        public var netIssued: Int { count - cancelled }

        public init(from: String, to: String, count: Int, cancelled: Int) {
            (self.from, self.to, self.count, self.cancelled) = (from, to, count, cancelled)
        }
    }

    /// One month's tables.
    public struct Month: Sendable, Equatable {
        /// The restaurant's GSTIN and state code (the place of supply of every sale: intra-state).
        public var gstin: String
        public var placeOfSupply: String
        /// "2026-12".
        public var month: String
        public var b2b: [B2BInvoice]
        /// Table 7: consumers' invoices, by rate.
        public var b2cs: [TaxLine]
        /// Table 12: SAC 996331 by rate, reported apart for B2B and B2C supplies since May 2025.
        public var hsnB2B: [TaxLine]
        public var hsnB2C: [TaxLine]
        public var documents: [DocumentSeries]
    }

    /// The month's tables from sums the database made over the month's invoices (consumers' and
    /// businesses' GST by rate, each series' first, last and count: a month is tens of thousands of
    /// invoices) and the business invoices whole.
    public static func month(
        _ month: String, gstin: String, consumerTaxes: [TaxLine], businessTaxes: [TaxLine], businessInvoices: [B2BInvoice], series: [DocumentSeries]
    ) -> Month {
        Month(
            gstin: gstin, placeOfSupply: String(gstin.prefix(2)), month: month, b2b: businessInvoices,
            b2cs: consumerTaxes, hsnB2B: businessTaxes, hsnB2C: consumerTaxes, documents: series)
    }
}
