import GRDB
import Synchronization

/// Wakes the log's consumers the moment a transaction that appended events commits, so nothing
/// waits for a poll. A GRDB transaction observer on the writer: one place, whatever the write.
public final class EventSignal: Sendable {
    private let waiters = Mutex<[UInt64: AsyncStream<Void>.Continuation]>([:])
    private let nextWaiter = Mutex<UInt64>(0)
    private let signalled = Mutex(0)
    /// The seqs each recent commit appended and when it committed, oldest first: how long a live
    /// frame took from the commit to its socket (the kitchen's latency in `/metrics`).
    private let commits = Mutex<[(seqs: ClosedRange<Int64>, at: ContinuousClock.Instant)]>([])
    static let commitsKept = 4_096

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

    func notify(seqs: ClosedRange<Int64>) {
        let now = ContinuousClock.now
        commits.withLock { commits in
            if commits.count >= Self.commitsKept { commits.removeFirst(commits.count / 2) }
            commits.append((seqs, now))
        }
        signalled.withLock { $0 += 1 }
        for waiter in waiters.withLock({ Array($0.values) }) { waiter.yield() }
    }

    /// When the commit that appended the event `seq` committed, if it is recent enough to know.
    public func commitInstant(ofSeq seq: Int64) -> ContinuousClock.Instant? {
        commits.withLock { commits in
            // Commits append rising seqs: the first whose range reaches `seq` is the only candidate.
            var low = 0, high = commits.count
            while low < high {
                let middle = (low + high) / 2
                if commits[middle].seqs.upperBound < seq { low = middle + 1 } else { high = middle }
            }
            guard low < commits.count, commits[low].seqs.contains(seq) else { return nil }
            return commits[low].at
        }
    }

    /// The observer to install on the database writer.
    ///
    /// It reads the log's newest seq after each commit (one seek at the end of the log's rowid tree)
    /// rather than hearing of each row: the order path appends its events past GRDB's per-row hook
    /// (`Database.runBound`), and the hook cost every insert a call.
    final class Observer: TransactionObserver, @unchecked Sendable {
        // Touched only on the writer's queue, as GRDB guarantees for transaction observers.
        /// The newest seq committed when last looked: nil until `start`.
        private var newestSeen: Int64?
        let signal: EventSignal

        init(signal: EventSignal) { self.signal = signal }

        /// Takes the log's end as it is, once the schema is in place; commits after it are signalled.
        func start(_ db: Database) throws {
            newestSeen = try EventLog.head(db)
        }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }

        func databaseDidChange(with event: DatabaseEvent) {}

        func databaseDidCommit(_ db: Database) {
            guard let seen = newestSeen else { return }
            // Seqs only grow (AUTOINCREMENT), and a rolled-back append leaves no row: what is past the
            // last look was appended by this commit. Should the read fail (it cannot throw to the
            // commit, which is done), the next commit signals these seqs with its own.
            guard let newest = try? EventLog.head(db), newest > seen else { return }
            newestSeen = newest
            signal.notify(seqs: (seen + 1)...newest)
        }

        func databaseDidRollback(_ db: Database) {}
    }
}
