import GRDB

/// A GST tax invoice for a settled table bill.
public struct InvoiceRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "invoices"
    /// "INV/2627/000042" (at most 16 characters).
    public var id: String
    public var tenantId: String
    public var sessionId: String
    public var financialYear: String
    public var sequence: Int
    public var issuedAt: String
    /// The restaurant's local date of issue.
    public var localDate: String
    public var taxablePaise: Int64
    public var cgstPaise: Int64
    public var sgstPaise: Int64
    public var totalPaise: Int64
    /// "CASH", "RAZORPAY" or "CASH, RAZORPAY".
    public var paymentMethods: String
    /// Who issued it, as the restaurant's profile said at the moment of issue: an invoice once
    /// issued never changes, even when the manager edits the profile later.
    public var issuerName: String = ""
    public var issuerAddress: String = ""
    public var issuerGstin: String = ""
    public var issuerFssai: String = ""
    /// The bill's service charge and round-off, and GST at each rate (`TaxLinesJSON`).
    public var serviceChargePaise: Int64 = 0
    public var roundOffPaise: Int64 = 0
    public var taxLines: String = "[]"
    /// The business buyer of a B2B invoice; empty for a consumer (B2C).
    public var buyerGstin: String = ""
    public var buyerName: String = ""
}
