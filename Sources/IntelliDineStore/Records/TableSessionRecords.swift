import GRDB

/// A table's session: its guests and, across rounds, all their orders on one bill.
public struct TableSessionRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "table_sessions"
    public var id: String
    public var tenantId: String
    public var tableId: String
    /// `OPEN`, `CLOSED` (paid in full) or `MERGED` (into `mergedInto`).
    public var status: TableSessionStatus
    public var mergedInto: String?
    public var openedAt: String
    public var openedBy: String
    public var closedAt: String?
    /// A business buyer's GSTIN and name for the bill's B2B invoice; empty for a consumer.
    public var buyerGstin: String = ""
    public var buyerName: String = ""
}

/// One part of a split bill, paid on its own.
public struct BillPartRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "bill_parts"
    public var id: String
    public var tenantId: String
    public var sessionId: String
    public var position: Int
    /// `WHOLE`, `EQUAL`, `ITEMS`, `AMOUNT`, or `ADDED` (an order placed after the split).
    public var kind: String
    public var label: String
    public var amountPaise: Int64
    public var paidPaise: Int64
    /// JSON array of the order line ids a by-items part pays for.
    public var items: String
    public var createdAt: String

    public var isPaid: Bool { paidPaise >= amountPaise }
}
