/// The tables of GSTR-1, the monthly return of outward supplies, that a restaurant selling mostly
/// to consumers files (docs/gstr1.md): B2B invoices (table 4), B2C others (table 7), the HSN/SAC
/// summary (table 12) and the documents issued (table 13). Worked out from the month's invoices
/// alone, so the return and the invoices cannot disagree: every amount is a sum of invoice amounts.
public enum GSTR1 {
    /// One issued invoice, as the return needs it.
    public struct Invoice: Sendable, Equatable {
        public var number: String
        public var financialYear: String
        public var sequence: Int
        /// The restaurant's local date of issue, "2026-12-03".
        public var localDate: String
        public var taxes: [TaxLine]
        public var total: Paise
        /// A business buyer's GSTIN and name make it a B2B invoice.
        public var buyerGSTIN: String?
        public var buyerName: String?
        public var isCancelled: Bool

        public init(
            number: String, financialYear: String, sequence: Int, localDate: String, taxes: [TaxLine], total: Paise,
            buyerGSTIN: String? = nil, buyerName: String? = nil, isCancelled: Bool = false
        ) {
            (self.number, self.financialYear, self.sequence, self.localDate) = (number, financialYear, sequence, localDate)
            (self.taxes, self.total, self.buyerGSTIN, self.buyerName, self.isCancelled) = (taxes, total, buyerGSTIN, buyerName, isCancelled)
        }

        public var isB2B: Bool { !(buyerGSTIN ?? "").isEmpty }
    }

    /// Table 4: a B2B invoice with its tax at each rate.
    public struct B2BInvoice: Sendable, Equatable {
        public var buyerGSTIN: String
        public var buyerName: String
        public var number: String
        public var localDate: String
        public var total: Paise
        public var taxes: [TaxLine]
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
        _ month: String, gstin: String, consumerTaxes: [TaxLine], businessTaxes: [TaxLine], businessInvoices: [Invoice], series: [DocumentSeries]
    ) -> Month {
        Month(
            gstin: gstin, placeOfSupply: String(gstin.prefix(2)), month: month,
            b2b: businessInvoices.filter { !$0.isCancelled }.map {
                B2BInvoice(buyerGSTIN: $0.buyerGSTIN ?? "", buyerName: $0.buyerName ?? "", number: $0.number, localDate: $0.localDate, total: $0.total, taxes: $0.taxes)
            },
            b2cs: consumerTaxes, hsnB2B: businessTaxes, hsnB2C: consumerTaxes, documents: series)
    }
}
