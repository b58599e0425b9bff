import Foundation
import GRDB

/// Where one consumer of the event log stands.
public struct ConsumerPosition: Sendable, Equatable {
    public var consumer: String
    public var cursor: Int64
    public var head: Int64
    public var lag: Int64 { max(0, head - cursor) }
}

extension AppDatabase {
    /// Events after `seq`, oldest first: what a consumer that has handled `seq` reads next.
    public func events(after seq: Int64, limit: Int) async throws -> [EventRecord] {
        try await readOneStatement { db in
            try EventLog.events(db, where: "seq > ? ORDER BY seq LIMIT ?") { $0.add(seq); $0.add(limit) }
        }
    }

    /// The events after `seq`: how many, and when the first of them happened. Counted from the
    /// newest `seq` (the log's seqs have no gaps), so it costs two index lookups, not a scan.
    public func backlog(after seq: Int64) async throws -> (count: Int64, oldest: String?) {
        try await pool.read { db in
            let newest = try EventLog.head(db)
            let oldest = try String.fetchOne(db, sql: "SELECT occurred_at FROM events WHERE seq > ? ORDER BY seq LIMIT 1", arguments: [seq])
            return (max(0, newest - seq), oldest)
        }
    }

    /// Events in `[first, last]`, for re-sending a parked batch.
    public func events(from first: Int64, through last: Int64) async throws -> [EventRecord] {
        try await pool.read { db in
            try EventLog.events(db, where: "seq BETWEEN ? AND ? ORDER BY seq") { $0.add(first); $0.add(last) }
        }
    }

    /// A consumer's cursor; one that has never run is placed at the head of the log or at its
    /// beginning, and that position is stored at once.
    public func startCursor(of consumer: String, atHead: Bool) async throws -> Int64 {
        try await pool.write { db in
            if let cursor = try Int64.fetchOne(db, sql: "SELECT last_seq FROM consumer_cursors WHERE consumer = ?", arguments: [consumer]) {
                return cursor
            }
            let start = atHead ? try EventLog.head(db) : 0
            try Self.advanceCursor(db, consumer: consumer, to: start, at: Date())
            return start
        }
    }

    /// Moves a consumer's cursor forward (never back), after its work up to `seq` is done. In the
    /// group commit: see `groupCommit`.
    public func advanceCursor(of consumer: String, to seq: Int64, at instant: Date = Date()) async throws {
        try await groupCommit.submit { db in try Self.advanceCursor(db, consumer: consumer, to: seq, at: instant) }
    }

    static func advanceCursor(_ db: Database, consumer: String, to seq: Int64, at instant: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO consumer_cursors (consumer, last_seq, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (consumer) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq), updated_at = excluded.updated_at
            """).execute(arguments: [consumer, seq, Timestamp.string(instant)])
    }

    /// Every named consumer's cursor against the head of the log.
    public func consumerPositions(_ consumers: [String]) async throws -> [ConsumerPosition] {
        try await pool.read { db in
            let head = try EventLog.head(db)
            return try consumers.map { name in
                ConsumerPosition(
                    consumer: name,
                    cursor: try Int64.fetchOne(db, sql: "SELECT last_seq FROM consumer_cursors WHERE consumer = ?", arguments: [name]) ?? 0,
                    head: head)
            }
        }
    }
}

/// What `/metrics` reads from the database at each scrape.
public struct MetricFacts: Sendable {
    public var orders: Int
    public var openOrders: Int
    public var paymentsByMethod: [String: Int]
    public var paidPaiseByMethod: [String: Int64]
    public var forwarderBacklog: Int64
    public var oldestUnsentSeconds: Double?
    public var consumers: [ConsumerPosition]
    public var textsSent: Int
    public var walBytes: Int64
}

extension AppDatabase {
    public func metricFacts(consumers: [String], now: Date = Date()) async throws -> MetricFacts {
        let positions = try await consumerPositions(consumers)
        let walBytes = ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber)?.int64Value ?? 0
        return try await pool.read { db in
            let payments = try Row.fetchAll(db, sql: """
                SELECT payment_method, COUNT(*) AS n, SUM(amount_paise) AS paise FROM payments WHERE status = 'COMPLETED' GROUP BY payment_method
                """)
            let forwarded = positions.first { $0.consumer == ConsumerName.cloudForwarder }
            let oldest = try forwarded.flatMap {
                try String.fetchOne(db, sql: "SELECT occurred_at FROM events WHERE seq > ? ORDER BY seq LIMIT 1", arguments: [$0.cursor])
            }.flatMap(Timestamp.date)
            return MetricFacts(
                orders: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders") ?? 0,
                openOrders: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders WHERE status IN ('PENDING','PREPARING','READY','SERVED')") ?? 0,
                paymentsByMethod: Dictionary(uniqueKeysWithValues: payments.map { ($0["payment_method"] as String, $0["n"] as Int) }),
                paidPaiseByMethod: Dictionary(uniqueKeysWithValues: payments.map { ($0["payment_method"] as String, $0["paise"] as Int64) }),
                forwarderBacklog: forwarded?.lag ?? 0,
                oldestUnsentSeconds: oldest.map { max(0, now.timeIntervalSince($0)) },
                consumers: positions,
                textsSent: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sent_notifications") ?? 0,
                walBytes: walBytes)
        }
    }
}
