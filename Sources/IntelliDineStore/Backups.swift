import Foundation
import GRDB

/// Online backups of the live database: SQLite's backup API (through GRDB) copies a consistent
/// snapshot while the daemon keeps writing; each copy must pass `integrity_check` before it is
/// given its final name, and only the newest `keep` are kept.
public enum Backups {
    /// Where a state directory keeps its backups.
    public static func directory(stateDir: String) -> String { (stateDir as NSString).appendingPathComponent("backups") }

    /// Copies the database into `directory` as `intellidine-<UTC time>[-label].sqlite`; returns its path.
    @discardableResult
    public static func take(of database: AppDatabase, into directory: String, label: String? = nil, keep: Int? = nil) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // A backup must not be what fills the disk: the copy is about the database and its WAL,
        // plus a margin for the journal it writes while folding the WAL back in.
        let needed = (fileSize(database.path) + fileSize(database.path + "-wal")) / 10 * 11 + (8 << 20)
        if let free = StorageHealth.freeBytes(at: directory), free < needed {
            throw StoreError.noRoomForBackup(directory: directory, needed: needed, free: free)
        }
        let name = "intellidine-\(stamp())" + (label.map { "-\($0)" } ?? "") + ".sqlite"
        let final = (directory as NSString).appendingPathComponent(name)
        let partial = final + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let copy = try DatabaseQueue(path: partial)
            try database.pool.backup(to: copy)
            // The copy inherits WAL mode from the live file: fold it back into one self-contained
            // file, so the backup is a single file that can be moved, copied and restored.
            try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try copy.close()
            try check(partial)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw StoreError.backupFailed(reason: AppDatabase.describe(error))
        }
        guard rename(partial, final) == 0 else { throw StoreError.backupFailed(reason: "cannot name \(final)") }
        if let keep { try rotate(directory, keep: keep) }
        return final
    }

    /// `PRAGMA integrity_check` on a backup file: throws unless it says "ok".
    public static func check(_ path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        guard try queue.read({ db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }) != "wal" else {
            throw StoreError.backupFailed(reason: "\(path) is in WAL mode: a backup must be one self-contained file")
        }
        let result = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        guard result == ["ok"] else { throw StoreError.backupFailed(reason: "integrity_check: \(result.prefix(3).joined(separator: "; "))") }
        if try queue.read(Migrations.migrator.hasBeenSuperseded) { throw StoreError.newerDatabase(path: path) }
    }

    /// Replaces the database at `databasePath` with the backup at `source`, after checking it. The
    /// database it replaces is kept beside it (`.before-restore-<time>`). The daemon must be stopped.
    public static func restore(from source: String, to databasePath: String) throws -> String? {
        try check(source)
        let manager = FileManager.default
        try manager.createDirectory(atPath: (databasePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var kept: String?
        if manager.fileExists(atPath: databasePath) {
            // Fold the WAL into the file first, so the kept copy is whole on its own.
            let current = try DatabaseQueue(path: databasePath)
            try current.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try current.close()
            kept = databasePath + ".before-restore-\(stamp())"
            try manager.moveItem(atPath: databasePath, toPath: kept!)
            for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: databasePath + suffix) }
        }
        let incoming = databasePath + ".restoring"
        try? manager.removeItem(atPath: incoming)
        try manager.copyItem(atPath: source, toPath: incoming)
        guard rename(incoming, databasePath) == 0 else { throw StoreError.backupFailed(reason: "cannot put the backup in place") }
        return kept
    }

    /// Deletes all but the newest `keep` backups.
    static func rotate(_ directory: String, keep: Int) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("intellidine-") && $0.hasSuffix(".sqlite") }
            .sorted()
        for name in names.dropLast(max(0, keep)) {
            try FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
        }
    }

    /// UTC, sortable, to the millisecond: `20261125T170512.123Z`.
    static func stamp() -> String {
        Timestamp.string(Date()).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }
}

extension Backups {
    static func fileSize(_ path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.uint64Value ?? 0
    }
}
