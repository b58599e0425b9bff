import GRDB
import Synchronization

/// Wakes the log's consumers the moment a transaction that appended events commits, so nothing
/// waits for a poll. A GRDB transaction observer on the writer: one place, whatever the write.
public final class EventSignal: Sendable {
    private let waiters = Mutex<[UInt64: AsyncStream<Void>.Continuation]>([:])
    private let nextWaiter = Mutex<UInt64>(0)
    private let signalled = Mutex(0)

    /// How many subscribers are listening.
    public var subscriberCount: Int { waiters.withLock { $0.count } }

    /// How many commits have signalled since start (for the sync screen and for tests).
    public var commitsSignalled: Int { signalled.withLock { $0 } }

    /// A stream that yields after each commit that appended events (coalesced: at most one
    /// pending); its continuation lets the subscriber add wake-ups of its own (a safety poll).
    public func subscribe() -> (AsyncStream<Void>, AsyncStream<Void>.Continuation) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = nextWaiter.withLock { id in
            id += 1
            return id
        }
        waiters.withLock { $0[id] = continuation }
        // A subscriber that goes away (a stopped consumer) is forgotten, not signalled forever.
        continuation.onTermination = { [weak self] _ in
            _ = self?.waiters.withLock { $0.removeValue(forKey: id) }
        }
        return (stream, continuation)
    }

    func notify() {
        signalled.withLock { $0 += 1 }
        for waiter in waiters.withLock({ Array($0.values) }) { waiter.yield() }
    }

    /// The observer to install on the database writer.
    final class Observer: TransactionObserver, @unchecked Sendable {
        // Touched only on the writer's queue, as GRDB guarantees for transaction observers.
        private var appended = false
        let signal: EventSignal

        init(signal: EventSignal) { self.signal = signal }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
            if case .insert(let table) = eventKind { return table == "events" }
            return false
        }

        func databaseDidChange(with event: DatabaseEvent) { appended = true }

        func databaseDidCommit(_ db: Database) {
            if appended { signal.notify() }
            appended = false
        }

        func databaseDidRollback(_ db: Database) { appended = false }
    }
}
