import GRDB

/// A batch the cloud refused, kept for a manager to retry.
public struct ParkedBatchRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "parked_batches"
    public var id: String
    public var sink: String
    public var firstSeq: Int64
    public var lastSeq: Int64
    public var eventCount: Int
    public var statusCode: Int
    public var reason: String
    public var parkedAt: String
    public var deliveredAt: String?

    public init(id: String, sink: String, firstSeq: Int64, lastSeq: Int64, eventCount: Int, statusCode: Int, reason: String, parkedAt: String, deliveredAt: String? = nil) {
        self.id = id
        self.sink = sink
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.eventCount = eventCount
        self.statusCode = statusCode
        self.reason = reason
        self.parkedAt = parkedAt
        self.deliveredAt = deliveredAt
    }
}
