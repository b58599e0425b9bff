import Dispatch
import GRDB
import Synchronization

/// Group commit: writes that arrive while a transaction is committing wait, then share the next
/// transaction, so one fsync acknowledges them all. Each write runs in its own savepoint: one
/// that fails is rolled back alone and its caller gets its error; the others commit. Nobody is
/// answered before the shared transaction has committed.
final class GroupCommitter: Sendable {
    private typealias Finish = @Sendable (Result<Void, any Error>) -> Void

    private struct Job: Sendable {
        /// Runs the write inside the shared transaction; returns how to answer its caller once the
        /// transaction's fate is known.
        let run: @Sendable (Database) -> Finish
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var jobs: [Job] = []
        var draining = false
    }

    private let pool: DatabasePool
    /// Writes per transaction at most; 1 turns group commit off (a transaction per write).
    let maxBatch: Int
    private let state = Mutex(State())
    /// Where batches are committed, one after another (see `drain`).
    private let drainer = DispatchQueue(label: "intellidine.group-commit", qos: .userInitiated)

    init(pool: DatabasePool, maxBatch: Int) {
        self.pool = pool
        self.maxBatch = max(1, maxBatch)
    }

    func submit<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db in
                    let outcome: Result<T, any Error>
                    do {
                        outcome = .success(try db.inPreparedSavepoint { try work(db) })
                    } catch {
                        outcome = .failure(error)
                    }
                    return { commit in
                        switch commit {
                        case .success: continuation.resume(with: outcome)
                        case .failure(let error): continuation.resume(throwing: error)
                        }
                    }
                },
                fail: { continuation.resume(throwing: $0) })
            let startDraining = state.withLock { state -> Bool in
                state.jobs.append(job)
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if startDraining { drainer.async { self.drain() } }
        }
    }

    /// Commits batches until no write is waiting.
    ///
    /// On a dispatch queue of its own, with GRDB's synchronous `write`, which runs the transaction
    /// on this thread: the next batch starts the moment the last one has committed. As a Swift
    /// task with GRDB's `async` write, each batch first waited for a thread twice (back to the
    /// task, queued behind the requests' tasks, then over to the writer's queue), and the single
    /// writer, which sets the pace of orders, wrote nothing meanwhile.
    private func drain() {
        while true {
            let batch = state.withLock { state -> [Job] in
                guard !state.jobs.isEmpty else {
                    state.draining = false
                    return []
                }
                let batch = Array(state.jobs.prefix(maxBatch))
                state.jobs.removeFirst(batch.count)
                return batch
            }
            if batch.isEmpty { return }
            do {
                // GRDB's own transaction, BEGIN and COMMIT parsed once per batch: inside it, a statement
                // run after SQLite has rolled the batch back by itself (a full disk) is refused, so
                // the jobs after the one that failed write nothing of their own.
                let finishers = try pool.write { db in batch.map { $0.run(db) } }
                for finish in finishers { finish(.success(())) }
            } catch {
                for job in batch { job.fail(error) }
            }
        }
    }
}
