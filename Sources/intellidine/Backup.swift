import ArgumentParser
import Foundation
import IntelliDineServer
import IntelliDineStore

/// `intellidine backup`: an online backup of the live database (the daemon may keep running).
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back up the database while it is in use, check the copy, and keep the newest N.")

    @Option(help: "The daemon's state directory.") var stateDir = "./var"
    @Option(help: "How many backups to keep.") var keep = 14

    func run() async throws {
        var config = ServerConfiguration()
        config.stateDir = stateDir
        guard FileManager.default.fileExists(atPath: config.databasePath) else {
            throw ValidationError("no database at \(config.databasePath)")
        }
        do {
            let database = try AppDatabase.open(path: config.databasePath)
            let path = try Backups.take(of: database, into: Backups.directory(stateDir: stateDir), keep: max(1, keep))
            print("Backed up to \(path) (integrity_check ok)")
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("intellidine: \(error)\n".utf8))
            // Skipped for want of room: a warning in the journal, not a failed unit (the next night tries again).
            if case .noRoomForBackup = error { return }
            throw ExitCode(2)
        }
    }
}

/// `intellidine restore`: puts a backup in place of the database; the daemon must be stopped.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database with a backup (checked first). Stop the daemon before.")

    @Option(help: "The daemon's state directory.") var stateDir = "./var"
    @Argument(help: "The backup file to restore.") var backup: String

    func run() async throws {
        var config = ServerConfiguration()
        config.stateDir = stateDir
        guard let lock = try StateLock.acquire(stateDir: stateDir) else {
            throw ValidationError("IntelliDine is running on \(stateDir): stop it first (systemctl stop intellidine)")
        }
        defer { withExtendedLifetime(lock) {} }
        do {
            let kept = try Backups.restore(from: backup, to: config.databasePath)
            print("Restored \(backup)" + (kept.map { "; the previous database is kept at \($0)" } ?? ""))
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("intellidine: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
