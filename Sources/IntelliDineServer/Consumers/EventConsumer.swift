import Foundation
import IntelliDineStore
import Logging
import ServiceLifecycle

/// Reads the event log in `seq` order and does its work for each event. Delivery is at least
/// once (a crash between the work and the cursor moving repeats the work), so handlers are
/// idempotent, keyed by event id.
public protocol EventConsumer: Sendable {
    var name: String { get }
    var batchSize: Int { get }
    /// Whether a consumer that has never run starts at the head of the log (a notifier must not
    /// text guests about yesterday) rather than at its beginning (the cloud wants everything).
    var startsAtHead: Bool { get }
    /// Handles events in order; returns the last `seq` whose work is done (the cursor moves there).
    func handle(_ events: [EventRecord]) async throws -> Int64
}

/// Runs one consumer as a swift-service-lifecycle service: it catches up from its durable cursor,
/// then sleeps until a commit appends events (a slow poll is only a safety net). A failing
/// consumer backs off with full jitter and retries; it never blocks the others or a request.
public struct ConsumerService: Service {
    let consumer: any EventConsumer
    let database: AppDatabase
    let signal: EventSignal
    let logger: Logger
    let backoff: Backoff
    let safetyPoll: Duration = .seconds(2)

    public init(
        consumer: any EventConsumer, database: AppDatabase, signal: EventSignal, logger: Logger, retryCap: Duration = .seconds(300)
    ) {
        self.consumer = consumer
        self.database = database
        self.signal = signal
        self.logger = logger
        self.backoff = Backoff(base: .milliseconds(200), cap: retryCap)
    }

    public func run() async throws {
        let (wakeups, wake) = signal.subscribe()
        let poll = safetyPoll
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The safety net: a wake-up every few seconds even if a commit signal were missed.
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: poll)
                        wake.yield()
                    }
                }
                try await consume(wakeups)
                group.cancelAll()
            }
        }
    }

    private func consume(_ wakeups: AsyncStream<Void>) async throws {
        var cursor = try await database.startCursor(of: consumer.name, atHead: consumer.startsAtHead)
        var failures = 0
        var iterator = wakeups.makeAsyncIterator()
        while !Task.isCancelled {
            do {
                let events = try await database.events(after: cursor, limit: consumer.batchSize)
                if events.isEmpty {
                    guard await iterator.next() != nil else { return }
                    continue
                }
                let done = try await consumer.handle(events)
                if done > cursor {
                    try await database.advanceCursor(of: consumer.name, to: done)
                    cursor = done
                }
                failures = 0
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                let delay = backoff.delay(afterFailures: failures)
                logger.warning("consumer failed; retrying", metadata: [
                    "consumer": "\(consumer.name)", "failures": "\(failures)", "retry_in_ms": "\(delay.milliseconds)",
                    "error": "\(error)",
                ])
                try await Task.sleep(for: delay)
            }
        }
    }
}

/// Exponential backoff with full jitter: a random delay between zero and `base × 2^(n-1)`,
/// capped, so many retrying clients do not hammer a recovering server in step.
public struct Backoff: Sendable {
    public var base: Duration
    public var cap: Duration

    public func delay(afterFailures failures: Int) -> Duration {
        let exponent = min(failures - 1, 30)
        let ceiling = min(cap, base * (1 << exponent))
        let millis = ceiling.milliseconds
        return .milliseconds(millis > 0 ? Int64.random(in: 0...millis) : 0)
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }
}
