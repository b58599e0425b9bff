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

    /// The fault behind a database error, or nil when the error is not the disk's.
    public init?(_ error: any Error) {
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

    public init() {}

    /// The fault in force, and since when.
    public var current: (fault: StorageFault, since: Date)? { fault.withLock { $0.map { ($0.0, $0.since) } } }

    /// Notes a write refused for `error`, if the disk was the reason; returns that fault.
    @discardableResult
    public func noteFailure(_ error: any Error, at instant: Date = Date()) -> StorageFault? {
        guard let found = StorageFault(error) else { return nil }
        fault.withLock { state in if state?.0 != found { state = (found, instant) } }
        return found
    }

    /// Space was freed (a check found room): the next write will tell whether it is enough.
    public func clear() { fault.withLock { $0 = nil } }

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
    final class Observer: TransactionObserver, @unchecked Sendable {
        // Touched only on the writer's queue, as GRDB guarantees for transaction observers.
        private var wrote = false
        let health: StorageHealth

        init(health: StorageHealth) { self.health = health }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }

        func databaseDidChange(with event: DatabaseEvent) {
            wrote = true
            stopObservingDatabaseChangesUntilNextTransaction()
        }

        func databaseDidCommit(_ db: Database) {
            if wrote { health.clear() }
            wrote = false
        }

        func databaseDidRollback(_ db: Database) { wrote = false }
    }
}
