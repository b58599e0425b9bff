import Dispatch
import Foundation
import GRDB
import Synchronization

/// Read-only connections for the order path's one read per request, read on the caller's thread.
///
/// GRDB's `async` read hops three times (to the actor that waits for a free reader, to the reader's
/// queue, back to the task), and on these VMs each hop that wakes an idle core costs more than the
/// read. The pool's synchronous read cannot be used from a task instead: its readers are also held
/// by `async` reads across an `await`, so tasks blocked waiting for a reader could hold every
/// thread those reads need to finish, and the daemon stalled so (BENCHMARKS.md). These connections
/// are only ever held inside a synchronous read, which finishes without waiting on anything, so a
/// thread that waits for one waits only for another thread's read.
final class InlineReaders: Sendable {
    private let path: String
    private let configuration: Configuration
    private let free = Mutex<[DatabaseQueue]>([])
    private let available: DispatchSemaphore

    /// One connection per core: the most threads that run tasks at once.
    init(path: String, capacity: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -1024") }
        self.path = path
        self.configuration = configuration
        self.available = DispatchSemaphore(value: capacity)
    }

    /// Runs `body` in a read-only transaction on this thread. Only for reads of a few indexed
    /// look-ups: the thread is blocked while it runs.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        available.wait()
        defer { available.signal() }
        let connection = try take()
        defer { free.withLock { $0.append(connection) } }
        return try connection.inDatabase { db in try db.inPreparedReadTransaction { try body(db) } }
    }

    /// A free connection, opened on first use (after the writer has created and migrated the file).
    private func take() throws -> DatabaseQueue {
        if let connection = free.withLock({ $0.popLast() }) { return connection }
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}
