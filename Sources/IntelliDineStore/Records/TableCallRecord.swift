import GRDB

/// A guest's "call the waiter" or "bring the bill", until a waiter acknowledges it.
public struct TableCallRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "table_calls"
    public var id: String
    public var tenantId: String
    public var tableId: String
    public var tableNumber: Int
    public var sessionId: String?
    /// `WAITER` or `BILL`.
    public var kind: String
    /// `OPEN` or `ACKNOWLEDGED`.
    public var status: TableCallStatus
    public var createdAt: String
    public var acknowledgedAt: String?
    public var acknowledgedBy: String?
}
