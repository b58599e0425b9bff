import IntelliDineStore
import Logging
import ServiceLifecycle
import Synchronization

/// Fans the event log out to live screens. One service reads each commit's new events once
/// (woken by the commit signal) and hands every subscriber the ones in its scope.
///
/// A subscriber's queue is bounded: a client too slow to keep up is cut off rather than
/// holding memory or slowing anyone else, and it reconnects with its last `seq` to catch up
/// from the log. Handing over never waits on a client.
final class LiveFeed: Service, Sendable {
    struct Subscription: Sendable {
        let id: UInt64
        let frames: AsyncStream<StreamFrame>
        /// For the connection's own frames (heartbeats, pongs) into the same ordered queue.
        let continuation: AsyncStream<StreamFrame>.Continuation
    }

    private struct Subscriber {
        let scope: LiveScope
        let continuation: AsyncStream<StreamFrame>.Continuation
    }

    private struct State {
        var subscribers: [UInt64: Subscriber] = [:]
        var nextId: UInt64 = 0
    }

    let database: AppDatabase
    let logger: Logger
    /// Frames a subscriber may have queued before it is cut off.
    let queueLimit: Int
    private let state = Mutex(State())

    init(database: AppDatabase, logger: Logger, queueLimit: Int = 1_000) {
        self.database = database
        self.logger = logger
        self.queueLimit = queueLimit
    }

    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Starts queueing the scope's events for a new client. Subscribe before reading the client's
    /// snapshot or catch-up, so nothing committed in between is missed; the client's writer drops
    /// what it has already sent by `seq`.
    func subscribe(_ scope: LiveScope) -> Subscription {
        let (frames, continuation) = AsyncStream<StreamFrame>.makeStream(bufferingPolicy: .bufferingOldest(queueLimit))
        let id = state.withLock { state in
            state.nextId += 1
            state.subscribers[state.nextId] = Subscriber(scope: scope, continuation: continuation)
            return state.nextId
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return Subscription(id: id, frames: frames, continuation: continuation)
    }

    func unsubscribe(_ id: UInt64) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }

    func run() async throws {
        let (wakeups, _) = database.eventSignal.subscribe()
        var last = try await database.logHead()
        for await _ in wakeups.cancelOnGracefulShutdown() {
            do {
                // Everything committed since the last pass, in pages (the signal is coalesced).
                while true {
                    let events = try await database.liveEvents(after: last, limit: 500)
                    for event in events { deliver(event) }
                    last = events.last?.seq ?? last
                    if events.count < 500 { break }
                }
            } catch {
                // The next commit wakes the feed again; clients catch up from the log on reconnect.
                logger.warning("live feed read failed", metadata: ["error": "\(error)"])
            }
        }
        state.withLock { state in
            for subscriber in state.subscribers.values { subscriber.continuation.finish() }
        }
    }

    private func deliver(_ event: EventRecord) {
        let targets = state.withLock { $0.subscribers.filter { $0.value.scope.matches(event) } }
        guard !targets.isEmpty else { return }
        let frame = StreamFrame.event(event, committedAt: event.seq.flatMap(database.eventSignal.commitInstant(ofSeq:)))
        for (_, subscriber) in targets {
            if case .dropped = subscriber.continuation.yield(frame) {
                logger.info("live client too slow; cut off to catch up from the log")
                subscriber.continuation.finish()
            }
        }
    }
}
