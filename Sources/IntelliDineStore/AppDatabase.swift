import Foundation
import GRDB
import Logging

/// The box's one database: a GRDB `DatabasePool` over a SQLite file in WAL mode.
///
/// Writes are intention-named methods in `AppDatabase+*.swift` files; each is one transaction (or
/// one savepoint of the group commit's shared one), and each state change writes its event into
/// the log in that same transaction.
public final class AppDatabase: Sendable {
    public let pool: DatabasePool
    public let path: String
    /// The folder holding the database, its WAL and its shared memory.
    public var directory: String { (path as NSString).deletingLastPathComponent }
    /// Shares one transaction (one fsync) among the writes made at the same moment: orders, and the
    /// consumers' small bookkeeping that follows them (cursors, texts sent, print jobs queued).
    let groupCommit: GroupCommitter
    /// Fires after every commit that appended events, to wake the log's consumers.
    public let eventSignal = EventSignal()
    /// Whether the disk refused the last write (full, failing, read-only) and took none since.
    public let storage = StorageHealth()
    /// Moves after every commit that changed what the guest menu shows: its items, categories,
    /// portions and add-ons, and the restaurants (stock that 86's a dish sets `stocked_out`).
    public let menuChanges = TableChanges(tables: ["menu_items", "categories", "item_variants", "option_groups", "item_options", "tenants"])
    /// What placing an order reads of the menu, the discount rules and the tax classes, per restaurant.
    let orderingMenus = OrderingMenuCache()
    /// Connections for the order path's read, read on the request's thread (`InlineReaders`).
    let inlineReaders: InlineReaders

    private init(pool: DatabasePool, path: String, groupCommitMaxBatch: Int) {
        self.pool = pool
        self.path = path
        self.groupCommit = GroupCommitter(pool: pool, maxBatch: groupCommitMaxBatch)
        self.inlineReaders = InlineReaders(path: path)
    }

    /// Opens (creating if needed) the database at `path`, checks it, and migrates it.
    ///
    /// Refuses with `StoreError` — never a crash — when the file is not a readable database,
    /// fails `quick_check`, or was written by a newer version of IntelliDine.
    /// `groupCommitMaxBatch` bounds how many concurrent writes (orders, and the consumers'
    /// bookkeeping) share one transaction; 1 gives each its own. `fullCheckUpTo`: the file size up to which the start checks every page.
    public static func open(
        path: String, groupCommitMaxBatch: Int = 64, backupDirectory: String? = nil, fullCheckUpTo: UInt64 = fullStartCheckBytes,
        logger: Logger = Logger(label: "intellidine.store")
    ) throws -> AppDatabase {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Writers queue behind each other for up to 5 s instead of failing with SQLITE_BUSY.
        config.busyMode = .timeout(5)
        // Each connection keeps its own page cache and schema, which fill as the order history
        // grows: four readers serve two cores (the guests' menu is answered from memory, not from a
        // reader) with 1 MB caches, while the writer keeps SQLite's default 2 MB for the order
        // path's indexes. Eight readers at 2 MB could hold 16 MB of pages on a box of 64.
        config.maximumReaderCount = 4
        config.prepareDatabase { db in
            if db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -1024") }
        }
        // Before the process's first connection, or it cannot be installed.
        _ = SQLiteMemory.countedAllocator
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // An acknowledged order or payment must survive a power cut: fsync the WAL on every
            // commit. Set on the one writer connection after GRDB has switched it to WAL, because
            // GRDB then sets NORMAL, which can lose the last commits on power loss.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // Each order of a shared commit runs in its own savepoint, whose undo journal holds
                // the pages it changes: past 64 KB SQLite spills that journal to a temporary file,
                // and its writes were four in five of the daemon's write calls under a load of
                // orders. In memory it costs the few hundred KB one order touches, for a moment.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
        } catch {
            throw StoreError.unreadableDatabase(path: path, reason: describe(error))
        }
        let database = AppDatabase(pool: pool, path: path, groupCommitMaxBatch: groupCommitMaxBatch)
        // GRDB tells observers of a commit in the order they were added. The commit signal goes
        // last: what it wakes (the live menu asks the menu cache) must find the menu's counter
        // already moved, or it serves the old menu and nothing wakes it again.
        pool.add(transactionObserver: TableChanges.Observer(changes: database.menuChanges), extent: .databaseLifetime)
        pool.add(transactionObserver: TableChanges.Observer(changes: database.orderingMenus.changes), extent: .databaseLifetime)
        pool.add(transactionObserver: StorageHealth.Observer(health: database.storage), extent: .databaseLifetime)
        database.storage.watch(file: path)
        let events = EventSignal.Observer(signal: database.eventSignal)
        pool.add(transactionObserver: events, extent: .databaseLifetime)
        try database.checkIntegrity(fullUpTo: fullCheckUpTo)
        try database.migrate(backupDirectory: backupDirectory, logger: logger)
        // On the writer's queue, where the observer lives; the log exists once migrated. The start
        // check skips the log's pages (`tradeHistoryTables`): a damaged end of it is met here.
        do {
            try pool.writeWithoutTransaction { db in try events.start(db) }
        } catch {
            throw StoreError.unreadableDatabase(path: path, reason: describe(error))
        }
        return database
    }

    /// Up to this size the whole file is checked at every start (about 0.1 s).
    public static let fullStartCheckBytes: UInt64 = 64 << 20

    /// The tables that grow with every order and payment: in a large file they are left to the
    /// nightly backup, whose `integrity_check` reads every page of its copy. Checking them at start
    /// took 3 s of a box with a million orders before it could serve (docs/architecture.md, "Storage").
    static let tradeHistoryTables: Set<String> = [
        "orders", "order_items", "order_status_history", "order_reservations", "events", "idempotency_keys", "payments",
        "cash_payments", "invoices", "bill_parts", "sent_notifications", "print_jobs", "table_sessions", "session_guests",
        "table_calls", "sessions", "otp_verifications", "customers", "razorpay_orders", "razorpay_webhook_events",
    ]

    /// `PRAGMA quick_check` before anything is served: a damaged file is refused. The whole file
    /// when it is small; in a large one, every table but the trade history, so a start stays
    /// bounded by the restaurant's setup rather than by its years of orders.
    private func checkIntegrity(fullUpTo: UInt64) throws {
        var problems: [String] = []
        do {
            let size = Backups.fileSize(path)
            try pool.read { db in
                if size <= fullUpTo {
                    problems = try String.fetchAll(db, sql: "PRAGMA quick_check")
                    return
                }
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                for table in tables where !Self.tradeHistoryTables.contains(table) {
                    let result = try String.fetchAll(db, sql: "PRAGMA quick_check(\(table.quotedDatabaseIdentifier))")
                    if result != ["ok"] { problems += result }
                }
                if problems.isEmpty { problems = ["ok"] }
            }
        } catch {
            throw StoreError.unreadableDatabase(path: path, reason: Self.describe(error))
        }
        guard problems == ["ok"] else {
            throw StoreError.unreadableDatabase(path: path, reason: problems.prefix(3).joined(separator: "; "))
        }
    }

    private func migrate(backupDirectory: String?, logger: Logger) throws {
        let migrator = Migrations.migrator
        do {
            if try pool.read(migrator.hasBeenSuperseded) {
                throw StoreError.newerDatabase(path: path)
            }
            let pending = try pool.read { try migrator.appliedIdentifiers($0) }
            // An upgrade changes the schema of a database with data in it: keep a copy first.
            if let backupDirectory, !pending.isEmpty, try !pool.read(migrator.hasCompletedMigrations) {
                let copy = try Backups.take(of: self, into: backupDirectory, label: "before-upgrade")
                logger.info("backup taken before migrating", metadata: ["path": "\(copy)"])
            }
            try migrator.migrate(pool)
            let applied = try pool.read { try migrator.appliedIdentifiers($0) }
            if applied.count != pending.count {
                logger.info("database migrated", metadata: ["applied": "\(applied.subtracting(pending).sorted())"])
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unreadableDatabase(path: path, reason: Self.describe(error))
        }
    }

    /// SQLite's own words for a failure, without SQL text.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
        return "\(error)"
    }
}

/// Why the database cannot be used.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case unreadableDatabase(path: String, reason: String)
    case newerDatabase(path: String)
    case backupFailed(reason: String)
    /// Not enough room for a backup: it was not started, so it cannot fill the disk the orders need.
    case noRoomForBackup(directory: String, needed: UInt64, free: UInt64)

    public var description: String {
        switch self {
        case .unreadableDatabase(let path, let reason):
            "The database at \(path) cannot be used (\(reason)). Restore it from a backup or move it aside; IntelliDine will not start on a damaged database."
        case .newerDatabase(let path):
            "The database at \(path) was written by a newer version of IntelliDine. Install that version or restore a backup taken before the upgrade."
        case .backupFailed(let reason):
            "The backup failed (\(reason)); the database itself is untouched."
        case .noRoomForBackup(let directory, let needed, let free):
            "Backup skipped: \(directory) has \(free / 1_048_576) MB free and a backup needs about \(needed / 1_048_576) MB. Free some space; the database itself is untouched."
        }
    }
}

/// A few figures for `systemctl status` and the health checks.
public struct BoxStatus: Sendable {
    public var openOrders: Int
    public var cloudBacklog: Int64
}

extension AppDatabase {
    /// Whether the database answers a read (and its migrations are all applied).
    public func ping() async throws -> Bool {
        try await pool.read { db in try Migrations.migrator.hasCompletedMigrations(db) }
    }

    /// When the newest event in the log happened: no correct clock reads earlier (`ClockTrust`).
    public func newestEventInstant() async throws -> Date? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT occurred_at FROM events ORDER BY seq DESC LIMIT 1").flatMap(Timestamp.date)
        }
    }

    public func boxStatus() async throws -> BoxStatus {
        try await pool.read { db in
            let open = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders WHERE status IN ('PENDING', 'PREPARING', 'READY', 'SERVED')") ?? 0
            let head = try EventLog.head(db)
            let forwarded = try Int64.fetchOne(db, sql: "SELECT last_seq FROM consumer_cursors WHERE consumer = 'cloud-forwarder'")
            return BoxStatus(openOrders: open, cloudBacklog: forwarded.map { max(0, head - $0) } ?? 0)
        }
    }

    /// Ids as a JSON array of strings, for `json_each(?)`: the stock, the ordering read and the SMS
    /// pass read several keys that way (docs/architecture.md, "The order path's statements").
    static func jsonArray(_ ids: some Sequence<String>) -> String {
        var json = JSONText(capacity: 64)
        json.array(ids) { $0.string($1) }
        return json.string
    }
}
