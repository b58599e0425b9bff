import Foundation
import GRDB
import Synchronization

/// What the disk under the database did to a write, in words the API and the operator use
/// (docs/operations/README.md, "Storage full and disk errors").
public enum StorageFault: Sendable, Equatable {
    /// The filesystem is full (SQLITE_FULL): nothing of the write was kept.
    case full
    /// The disk failed the write, or the state directory is read-only or gone (SQLITE_IOERR,
    /// SQLITE_READONLY, SQLITE_CANTOPEN): nothing of the write was kept.
    case unavailable
    /// The database file was deleted or replaced under the open daemon (its directory removed,
    /// a restore copied over it). SQLite would go on writing into the unlinked file, and every
    /// order acknowledged then would vanish with it; so nothing is committed, and only a restart
    /// (which opens what is at the path now) can recover.
    case vanished

    /// The fault behind a database error, or nil when the error is not the disk's.
    public init?(_ error: any Error) {
        if error is DatabaseFileVanished { self = .vanished; return }
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_FULL: self = .full
        case .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN: self = .unavailable
        default: return nil
        }
    }
}

/// Whether the last write the disk refused has been followed by one it took. Writes are always
/// attempted (the disk is the judge); this only reports, for `/readyz`, the metrics and systemd's
/// STATUS line. Set by whoever meets the fault; cleared by the next commit that wrote anything.
public final class StorageHealth: Sendable {
    private let fault = Mutex<(StorageFault, since: Date)?>(nil)
    /// The database file as opened: its path and (device, inode).
    private let file = Mutex<(path: String, device: UInt64, inode: UInt64)?>(nil)
    /// Told once when the file is found gone (the daemon exits so systemd restarts it).
    private let onVanished = Mutex<(@Sendable () -> Void)?>(nil)

    public init() {}

    /// Remembers which file the database is, to notice it deleted or replaced (`vanished`).
    func watch(file path: String) {
        guard let identity = Self.identity(of: path) else { return }
        file.withLock { $0 = (path, identity.device, identity.inode) }
    }

    /// What to do when the database file has vanished: the daemon logs and exits.
    public func whenVanished(_ action: @escaping @Sendable () -> Void) { onVanished.withLock { $0 = action } }

    /// Whether the file at the database's path is still the one opened. One `stat` per commit.
    func fileIsStillThere() -> Bool {
        guard let opened = file.withLock({ $0 }) else { return true }
        guard let now = Self.identity(of: opened.path) else { return false }
        return now.device == opened.device && now.inode == opened.inode
    }

    private static func identity(of path: String) -> (device: UInt64, inode: UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// The fault in force, and since when.
    public var current: (fault: StorageFault, since: Date)? { fault.withLock { $0.map { ($0.0, $0.since) } } }

    /// Notes a write refused for `error`, if the disk was the reason; returns that fault.
    @discardableResult
    public func noteFailure(_ error: any Error, at instant: Date = Date()) -> StorageFault? {
        guard let found = StorageFault(error) else { return nil }
        fault.withLock { state in if state?.0 != found && state?.0 != .vanished { state = (found, instant) } }
        return found
    }

    /// Space was freed (a check found room): the next write will tell whether it is enough. A
    /// vanished file stays vanished: only a restart recovers.
    public func clear() { fault.withLock { if $0?.0 != .vanished { $0 = nil } } }

    fileprivate func vanished() {
        let first = fault.withLock { state -> Bool in
            defer { state = (.vanished, Date()) }
            return state?.0 != .vanished
        }
        if first, let action = onVanished.withLock({ $0 }) { action() }
    }

    /// On a full disk, whether there is room again in `directory` (someone deleted something),
    /// without waiting for a write to succeed; 16 MB is more than any one write needs, and the
    /// next write is the judge either way. Returns the free bytes when it cleared the fault.
    public func recheckRoom(in directory: String) -> UInt64? {
        guard current?.fault == .full, let free = Self.freeBytes(at: directory), free >= 16 << 20 else { return nil }
        clear()
        return free
    }

    /// Free bytes on the filesystem holding `path`, or nil when it cannot be asked.
    public static func freeBytes(at path: String) -> UInt64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
    }

    /// Clears the fault after each commit that wrote something: the disk took a write again.
    ///
    /// Whether a transaction wrote is told by SQLite's count of rows the connection has changed,
    /// not by a per-row hook: the order path writes past GRDB's hook (`Database.runBound`).
    final class Observer: TransactionObserver, @unchecked Sendable {
        // Touched only on the writer's queue, as GRDB guarantees for transaction observers.
        /// The connection's count of changed rows when its last transaction ended.
        private var changesAtLastEnd = 0
        let health: StorageHealth

        init(health: StorageHealth) { self.health = health }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }

        func databaseDidChange(with event: DatabaseEvent) {}

        /// A write about to commit into a file no longer at the database's path is refused: it
        /// would be acknowledged and then lost. Asked at every commit of the writer's transactions
        /// (GRDB begins them `IMMEDIATE`), even one that only read: once the file is gone the
        /// daemon exits for systemd to restart it, so refusing those too loses nothing.
        func databaseWillCommit() throws {
            guard !health.fileIsStillThere() else { return }
            health.vanished()
            throw DatabaseFileVanished()
        }

        func databaseDidCommit(_ db: Database) {
            let changes = db.totalChangesCount
            if changes != changesAtLastEnd { health.clear() }
            changesAtLastEnd = changes
        }

        func databaseDidRollback(_ db: Database) { changesAtLastEnd = db.totalChangesCount }
    }
}

/// The database file was deleted or replaced under the daemon (`StorageFault.vanished`).
public struct DatabaseFileVanished: Error, Sendable {}
