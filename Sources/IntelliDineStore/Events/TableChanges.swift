import GRDB
import Synchronization

/// A counter that moves after each commit that changed any of a set of tables, for caches of what
/// is read from them (the guest menu, docs/architecture.md "Caches"). Read it before reading the
/// tables: a cache entry stamped with an older generation is stale. The daemon is the database's
/// only writer while it runs, and it writes these tables through GRDB only (never with the order
/// path's bound statements, which assert it), so every change to them passes this observer.
public final class TableChanges: Sendable {
    /// An array, not a set: the observer is asked about every statement GRDB runs on the writer,
    /// and comparing a few short names is cheaper than hashing the table's name.
    public let tables: [String]
    private let counter = Atomic<UInt64>(0)

    /// Every table some cache watches: `Database.runBound`, which writes past GRDB's observers,
    /// asserts that it writes none of them.
    private static let watched = Mutex<Set<String>>([])

    static func isWatched(_ table: String) -> Bool { watched.withLock { $0.contains(table) } }

    init(tables: [String]) {
        self.tables = tables
        Self.watched.withLock { $0.formUnion(tables) }
    }

    /// How many commits have changed the tables since start.
    public var generation: UInt64 { counter.load(ordering: .acquiring) }

    /// The observer to install on the database writer.
    final class Observer: TransactionObserver, @unchecked Sendable {
        // Touched only on the writer's queue, as GRDB guarantees for transaction observers.
        private var changed = false
        let changes: TableChanges

        init(changes: TableChanges) { self.changes = changes }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
            changes.tables.contains(eventKind.tableName)
        }

        func databaseDidChange(with event: DatabaseEvent) {
            changed = true
            // One change is enough to know: stop hearing about the rest of this transaction.
            stopObservingDatabaseChangesUntilNextTransaction()
        }

        func databaseDidCommit(_ db: Database) {
            if changed { changes.counter.add(1, ordering: .releasing) }
            changed = false
        }

        func databaseDidRollback(_ db: Database) { changed = false }
    }
}
