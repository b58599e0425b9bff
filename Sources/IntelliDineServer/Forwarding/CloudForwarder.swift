import Foundation
import IntelliDineStore
import Logging
import Synchronization

/// The write-ahead queue to the cloud (docs/architecture.md, "6. The consumers: SMS, kitchen
/// printer, cloud"; docs/glossary.md, "Forwarder"): reads the log in `seq` order and ships it in
/// batches of at most 500 events or 1 MiB. Delivery is at least once with stable event ids, so
/// the cloud dedups. A batch the cloud refuses as invalid is parked, never dropped.
public struct CloudForwarder: EventConsumer {
    public let name = ConsumerName.cloudForwarder
    public let batchSize = 500
    public let startsAtHead = false
    static let maxBatchBytes = 1 << 20

    let sink: any EventSink
    let database: AppDatabase
    let boxId: String
    let logger: Logger
    /// While the box serves at least `busyRequestsPerSecond`, the forwarder rests nine times as
    /// long as each batch took (a tenth of the time at most): catching up with the cloud must not
    /// slow the guests down, and it catches up at full speed once the rush is over.
    let traffic: TrafficGauge?
    static let busyRequestsPerSecond = 20

    public var sinkKind: String { sink.kind }
    /// When the cloud last took a batch, for the heartbeat.
    let lastDelivery = DeliveryClock()

    public init(sink: any EventSink, database: AppDatabase, boxId: String, logger: Logger, traffic: TrafficGauge? = nil) {
        self.sink = sink
        self.database = database
        self.boxId = boxId
        self.logger = logger
        self.traffic = traffic
    }

    public func handle(_ events: [EventRecord]) async throws -> Int64 {
        let cut = Self.cut(events)
        let left = try? await database.backlog(after: cut.last?.seq ?? 0)
        let batch = OutgoingBatch(boxId: boxId, events: cut, backlog: left.map { .init(count: $0.count, oldestUnsent: $0.oldest) })
        let started = ContinuousClock.now
        do {
            try await sink.deliver(batch)
            lastDelivery.touch()
            try await database.recordForwarderSuccess(at: Date())
            if let traffic, traffic.requestsPerSecond() >= Self.busyRequestsPerSecond {
                try await Task.sleep(for: (ContinuousClock.now - started) * 9)
            }
            return batch.lastSeq
        } catch SinkError.rejected(let status, let reason) {
            logger.error("cloud refused a batch; parked", metadata: [
                "batch_id": "\(batch.id)", "status": "\(status)", "first_seq": "\(batch.firstSeq)", "last_seq": "\(batch.lastSeq)",
            ])
            try await database.parkBatch(
                ParkedBatchRecord(
                    id: batch.id, sink: sink.kind, firstSeq: batch.firstSeq, lastSeq: batch.lastSeq, eventCount: batch.events.count,
                    statusCode: status, reason: reason, parkedAt: Timestamp.string(Date()), deliveredAt: nil),
                consumer: name, at: Date())
            return batch.lastSeq
        } catch {
            try? await database.recordForwarderError("\(error)", at: Date())
            throw error
        }
    }

    /// An empty batch with the backlog: the cloud hears from the box though it has nothing to send.
    func heartbeat() async throws {
        let cursor = try await database.startCursor(of: name, atHead: startsAtHead)
        let left = try await database.backlog(after: cursor)
        try await sink.deliver(OutgoingBatch(boxId: boxId, events: [], backlog: .init(count: left.count, oldestUnsent: left.oldest)))
        lastDelivery.touch()
    }

    /// Re-sends a parked batch now, for the manager's retry button.
    public func retry(parked: ParkedBatchRecord) async throws {
        let events = try await database.events(from: parked.firstSeq, through: parked.lastSeq)
        try await sink.deliver(OutgoingBatch(boxId: boxId, events: events))
        try await database.markParkedBatchDelivered(id: parked.id, at: Date())
    }

    /// The longest prefix within the byte limit (always at least one event).
    static func cut(_ events: [EventRecord]) -> [EventRecord] {
        var bytes = 0
        var count = 0
        for event in events {
            bytes += event.payload.utf8.count + 256
            if count > 0 && bytes > maxBatchBytes { break }
            count += 1
        }
        return Array(events.prefix(count))
    }
}

/// The moment of the last delivery to the cloud, shared by the forwarder and its heartbeat.
final class DeliveryClock: Sendable {
    private let last = Mutex(ContinuousClock.now)
    func touch() { last.withLock { $0 = .now } }
    var quietFor: Duration { ContinuousClock.now - last.withLock { $0 } }
}
