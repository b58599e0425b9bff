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
    /// One delivery at a time, batch or heartbeat, and when the cloud last took one.
    let turn = DeliveryTurn()

    public init(sink: any EventSink, database: AppDatabase, boxId: String, logger: Logger, traffic: TrafficGauge? = nil) {
        self.sink = sink
        self.database = database
        self.boxId = boxId
        self.logger = logger
        self.traffic = traffic
    }

    public func handle(_ events: [EventRecord]) async throws -> Int64 {
        let started = ContinuousClock.now
        let done = try await turn.exclusive { try await deliver(Self.cut(events)) }
        if let traffic, traffic.requestsPerSecond() >= Self.busyRequestsPerSecond {
            try await Task.sleep(for: (ContinuousClock.now - started) * 9)
        }
        return done
    }

    /// Sends one batch, or parks it if the cloud refuses it; returns the last `seq` it settled.
    private func deliver(_ cut: [EventRecord]) async throws -> Int64 {
        let left = try? await database.backlog(after: cut.last?.seq ?? 0)
        let batch = OutgoingBatch(boxId: boxId, events: cut, backlog: left.map { .init(count: $0.count, oldestUnsent: $0.oldest) })
        do {
            try await sink.deliver(batch)
            turn.delivered(through: batch.lastSeq)
            try await database.recordForwarderSuccess(at: Date())
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
    /// Skipped while a batch is on its way, which says more. Never sent beside one either: a
    /// heartbeat that counted the backlog before a batch and arrived after it would tell head
    /// office the batch's events were still waiting. Counted from the newer of the stored cursor
    /// and the last batch the cloud took, since the cursor is stored only after `handle` returns.
    func heartbeat() async throws {
        try await turn.ifFree {
            let stored = try await database.startCursor(of: name, atHead: startsAtHead)
            let left = try await database.backlog(after: max(stored, turn.deliveredThrough))
            try await sink.deliver(OutgoingBatch(boxId: boxId, events: [], backlog: .init(count: left.count, oldestUnsent: left.oldest)))
            turn.delivered(through: nil)
        }
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

/// The forwarder's one line to the cloud: a batch waits for a heartbeat on its way, a heartbeat
/// gives way to a batch, so what the cloud hears last about the backlog is the newest count.
final class DeliveryTurn: Sendable {
    private struct State {
        var busy = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        var lastDelivery = ContinuousClock.now
        var deliveredThrough: Int64 = 0
    }
    private let state = Mutex(State())

    /// Runs `body` once no other delivery is under way.
    func exclusive<T>(_ body: () async throws -> T) async throws -> T {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let free = state.withLock { state in
                if state.busy { state.waiting.append(waiter); return false }
                state.busy = true
                return true
            }
            if free { waiter.resume() }
        }
        defer { leave() }
        return try await body()
    }

    /// Runs `body` only if no delivery is under way.
    func ifFree(_ body: () async throws -> Void) async throws {
        let free = state.withLock { state in
            if state.busy { return false }
            state.busy = true
            return true
        }
        guard free else { return }
        defer { leave() }
        try await body()
    }

    /// The cloud took a delivery: a batch through `seq`, or a heartbeat (`nil`).
    func delivered(through seq: Int64?) {
        state.withLock { state in
            state.lastDelivery = .now
            if let seq { state.deliveredThrough = max(state.deliveredThrough, seq) }
        }
    }

    var deliveredThrough: Int64 { state.withLock { $0.deliveredThrough } }
    var quietFor: Duration { ContinuousClock.now - state.withLock { $0.lastDelivery } }

    private func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
