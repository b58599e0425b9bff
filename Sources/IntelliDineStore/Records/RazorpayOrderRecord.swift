import GRDB

/// A Razorpay order created for one of ours, for the amount then due.
public struct RazorpayOrderRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "razorpay_orders"
    public var id: String
    public var tenantId: String
    public var orderId: String
    public var amountPaise: Int64
    public var currency: String
    public var createdAt: String
    /// Set when the Razorpay order pays one part of a table's split bill; `orderId` is then the
    /// session's oldest unpaid order, which anchors it.
    public var billPartId: String?

    public init(
        id: String, tenantId: String, orderId: String, amountPaise: Int64, currency: String, createdAt: String, billPartId: String? = nil
    ) {
        self.id = id
        self.tenantId = tenantId
        self.orderId = orderId
        self.amountPaise = amountPaise
        self.currency = currency
        self.createdAt = createdAt
        self.billPartId = billPartId
    }
}
