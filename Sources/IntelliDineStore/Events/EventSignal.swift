import GRDB
import Synchronization

/// Wakes the log's consumers the moment a transaction that appended events commits, so nothing
/// waits for a poll. A GRDB transaction observer on the writer: one place, whatever the write.
public final class EventSignal: Sendable {
    private let waiters = Mutex<[AsyncStream<Void>.Continuation]>([])
    private let signalled = Mutex(0)

    /// How many commits have signalled since start (for the sync screen and for tests).
    public var commitsSignalled: Int { signalled.withLock { $0 } }

    /// A stream that yields after each commit that appended events (coalesced: at most one
    /// pending); its continuation lets the subscriber add wake-ups of its own (a safety poll).
    public func subscribe() -> (AsyncStream<Void>, AsyncStream<Void>.Continuation) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        waiters.withLock { $0.append(continuation) }
        return (stream, continuation)
    }

    func notify() {
        signalled.withLock { $0 += 1 }
        for waiter in waiters.withLock({ $0 }) { waiter.yield() }
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
