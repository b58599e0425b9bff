import Foundation
import GRDB
import IntelliDineDomain
@testable import IntelliDineStore
import Synchronization
import Testing

/// A fresh state directory per test, removed afterwards.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "intellidine-store-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("The database file")
struct AppDatabaseTests {
    @Test("Given a new file, then it is WAL with synchronous=FULL, foreign keys and a busy timeout")
    func pragmas() throws {
        let database = try AppDatabase.open(path: try temporaryDirectory() + "/db/test.sqlite")
        let writer = try database.pool.writeWithoutTransaction { db in
            [try String.fetchOne(db, sql: "PRAGMA journal_mode"), try String.fetchOne(db, sql: "PRAGMA synchronous"),
             try String.fetchOne(db, sql: "PRAGMA foreign_keys")]
        }
        // synchronous: 2 is FULL.
        #expect(writer == ["wal", "2", "1"])
        let busyTimeout = try database.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA busy_timeout") }
        #expect(busyTimeout! >= 5_000)
        let readerForeignKeys = try database.pool.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") }
        #expect(readerForeignKeys == 1)
    }

    @Test("Given a file that is not a database, then opening it is refused with a clear error")
    func corrupt() throws {
        let path = try temporaryDirectory() + "/garbage.sqlite"
        try Data(repeating: 0x5A, count: 16_384).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try AppDatabase.open(path: path)
        } throws: { error in
            guard case StoreError.unreadableDatabase(let reported, _) = error else { return false }
            return reported == path && "\(error)".contains("will not start")
        }
    }

    @Test("Given a database with a damaged page, then quick_check refuses it")
    func damagedPage() throws {
        let path = try damaged { ("INSERT INTO consumer_cursors VALUES (?, ?, 'x')", ["consumer-\($0)-padding-padding-padding", $0]) }
        #expect(throws: StoreError.self) { _ = try AppDatabase.open(path: path) }
    }

    /// A database whose pages are mostly one table's rows (10,000 of them: the schema's own pages
    /// are a small part), checkpointed and closed, with its middle overwritten as a bad sector would.
    func damaged(rows: (Int) -> (sql: String, arguments: StatementArguments)) throws -> String {
        let path = try temporaryDirectory() + "/db.sqlite"
        do {
            let database = try AppDatabase.open(path: path)
            try database.pool.write { db in
                for i in 0..<10_000 {
                    let row = rows(i)
                    try db.execute(sql: row.sql, arguments: row.arguments)
                }
            }
            try database.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try database.pool.close()
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        handle.write(Data(repeating: 0xFF, count: 4_096))
        try handle.close()
        return path
    }

    @Test("Given a large file, then the start checks the restaurant's setup and leaves the trade history to the nightly backup's check")
    func boundedStartCheck() throws {
        // As if over the size limit (0 bytes), so every file takes the large file's path.
        let padding = String(repeating: "x", count: 200)
        let setup = try damaged { ("INSERT INTO consumer_cursors VALUES (?, ?, 'x')", ["consumer-\($0)-\(padding)", $0]) }
        #expect(throws: StoreError.self) { _ = try AppDatabase.open(path: setup, fullCheckUpTo: 0) }

        let history = try damaged {
            ("INSERT INTO events (id, tenant_id, type, aggregate_id, payload, occurred_at) VALUES (?, 't', 'order.created', ?, ?, '2026-12-03T10:00:00.000Z')",
             ["evt-\($0)", "ord-\($0)", padding])
        }
        // Served: a damaged page among a million orders does not keep the kitchen dark at start...
        let database = try AppDatabase.open(path: history, fullCheckUpTo: 0)
        // ...and the nightly backup's integrity_check reads every page and refuses the copy.
        #expect(throws: StoreError.self) { _ = try Backups.take(of: database, into: try temporaryDirectory()) }
        try database.pool.close()
        // A small file is checked whole at start.
        #expect(throws: StoreError.self) { _ = try AppDatabase.open(path: history) }
    }

    @Test("Given a database migrated by a newer version, then this version refuses to start on it")
    func newer() throws {
        let path = try temporaryDirectory() + "/db.sqlite"
        do {
            let database = try AppDatabase.open(path: path)
            try database.pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('999_from_the_future')")
            }
            try database.pool.close()
        }
        #expect {
            _ = try AppDatabase.open(path: path)
        } throws: { error in
            if case StoreError.newerDatabase = error { return true }
            return false
        }
    }

    @Test("Upgrading a database with data in it takes a checked backup first; a fresh or current one takes none")
    func backupBeforeUpgrade() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/db/db.sqlite"
        let backups = directory + "/backups"
        do {
            let database = try AppDatabase.open(path: path, backupDirectory: backups)
            // As the previous version left it: without the newest migration.
            try database.pool.write { db in
                try db.execute(sql: "INSERT INTO consumer_cursors VALUES ('kept', 42, 'x')")
                try db.execute(sql: "DROP TABLE print_jobs; DROP TABLE printers")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = '011_printing'")
            }
            try database.pool.close()
        }
        #expect(!FileManager.default.fileExists(atPath: backups), "a fresh database needs no backup")
        let upgraded = try AppDatabase.open(path: path, backupDirectory: backups)
        let files = try FileManager.default.contentsOfDirectory(atPath: backups)
        #expect(files.count == 1 && files[0].hasSuffix("-before-upgrade.sqlite"), "\(files)")
        try Backups.check(backups + "/" + files[0])
        let old = try DatabaseQueue(path: backups + "/" + files[0])
        #expect(try old.read { try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'printers')") } == false)
        #expect(try old.read { try Int.fetchOne($0, sql: "SELECT last_seq FROM consumer_cursors WHERE consumer = 'kept'") } == 42)
        #expect(try upgraded.pool.read { try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'printers')") } == true)
        try upgraded.pool.close()
        _ = try AppDatabase.open(path: path, backupDirectory: backups)
        #expect(try FileManager.default.contentsOfDirectory(atPath: backups).count == 1, "nothing to migrate, no backup")
    }

    @Test("Upgrading a menu written before the veg mark: the mark comes from its tags where they say it, the rest stays unmarked")
    func dietFromTags() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/db/db.sqlite"
        do {
            let database = try AppDatabase.open(path: path, backupDirectory: directory + "/backups")
            // As the previous version left it: no diet or Hindi columns, four dishes with tags.
            try database.pool.write { db in
                try db.execute(sql: """
                    ALTER TABLE menu_items DROP COLUMN diet;
                    ALTER TABLE menu_items DROP COLUMN name_hi;
                    ALTER TABLE menu_items DROP COLUMN description_hi;
                    DELETE FROM grdb_migrations WHERE identifier = '016_diet_and_hindi';
                    INSERT INTO tenants (id, name, address, gstin, timezone, gst_rate_bp, created_at)
                      VALUES ('t', 'T', 'A', 'G', 'Asia/Kolkata', 500, '2026-01-01T00:00:00.000Z');
                    INSERT INTO categories (id, tenant_id, name, display_order) VALUES ('c', 't', 'Mains', 0);
                    INSERT INTO menu_items (id, tenant_id, category_id, name, description, price_paise, preparation_time, dietary_tags,
                                            display_order, updated_at)
                    VALUES ('paneer', 't', 'c', 'Paneer', '', 100, 10, '["Vegetarian","spicy"]', 0, 'x'),
                           ('roti', 't', 'c', 'Roti', '', 100, 10, '["vegan"]', 1, 'x'),
                           ('kebab', 't', 'c', 'Kebab', '', 100, 10, '["non-veg"]', 2, 'x'),
                           ('soup', 't', 'c', 'Soup', '', 100, 10, '["hot"]', 3, 'x');
                    """)
            }
            try database.pool.close()
        }
        let upgraded = try AppDatabase.open(path: path, backupDirectory: directory + "/backups")
        let marks = try upgraded.pool.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, diet FROM menu_items WHERE tenant_id = 't'").map {
                ($0["id"] as String, $0["diet"] as String?)
            })
        }
        #expect(marks == ["paneer": "veg", "roti": "vegan", "kebab": "non-veg", "soup": nil])
        try upgraded.pool.close()
    }

    @Test("Opening twice keeps the data and runs no migration again")
    func reopen() throws {
        let path = try temporaryDirectory() + "/db.sqlite"
        do {
            let database = try AppDatabase.open(path: path)
            try database.pool.write { db in try db.execute(sql: "INSERT INTO consumer_cursors VALUES ('a', 7, 'x')") }
            try database.pool.close()
        }
        let again = try AppDatabase.open(path: path)
        #expect(try again.pool.read { try Int.fetchOne($0, sql: "SELECT last_seq FROM consumer_cursors") } == 7)
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test("UTC ISO 8601 with milliseconds, the same as Foundation's, and read back")
    func format() throws {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        for interval in [0.0, 1_761_140_295.123, 1_761_140_295.9999, 951_782_400.5, 4_102_444_799.001] {
            let date = Date(timeIntervalSince1970: interval)
            #expect(Timestamp.string(date) == style.format(Date(timeIntervalSince1970: (interval * 1_000).rounded(.down) / 1_000)))
            #expect(abs(Timestamp.date(Timestamp.string(date))!.timeIntervalSince(date)) < 0.001)
        }
        #expect(Timestamp.string(Date(timeIntervalSince1970: 1_761_140_295.5)) == "2025-10-22T13:38:15.500Z")
        // Years without four digits are Foundation's to write, not cut to four.
        let far = Date(timeIntervalSince1970: 253_402_300_800.25)  // 10000-01-01
        #expect(Timestamp.string(far) == style.format(far))
    }
}

@Suite("The commit signal that wakes the log's consumers")
struct EventSignalTests {
    @Test("A commit that appends events signals once; a rollback and a commit without events do not")
    func signal() async throws {
        let database = try AppDatabase.open(path: try temporaryDirectory() + "/db.sqlite")
        let (stream, _) = database.eventSignal.subscribe()
        let insertEvent = "INSERT INTO events (id, tenant_id, type, aggregate_id, payload, occurred_at) VALUES (?, 't', 'x', 'a', '{}', 'now')"
        struct Rollback: Error {}
        try? await database.pool.write { db in
            try db.execute(sql: insertEvent, arguments: ["e0"])
            throw Rollback()
        }
        #expect(database.eventSignal.commitsSignalled == 0)
        try await database.pool.write { db in try db.execute(sql: "INSERT INTO consumer_cursors VALUES ('c', 0, 'now')") }
        #expect(database.eventSignal.commitsSignalled == 0)
        try await database.pool.write { db in
            try db.execute(sql: insertEvent, arguments: ["e1"])
            try db.execute(sql: insertEvent, arguments: ["e2"])
        }
        #expect(database.eventSignal.commitsSignalled == 1)
        var wakeups = stream.makeAsyncIterator()
        #expect(await wakeups.next() != nil)
        // The order path appends past GRDB's per-row hook (`runBound`): its commits signal too,
        // with their seqs.
        let seqs = try await database.pool.write { db -> [Int64] in
            [try EventLog.append(db, tenantId: "t", aggregateId: "a", type: "x", payload: "{}", at: Date()),
             try EventLog.append(db, tenantId: "t", aggregateId: "b", type: "x", payload: "{}", at: Date())]
        }
        #expect(database.eventSignal.commitsSignalled == 2)
        for seq in seqs { #expect(database.eventSignal.commitInstant(ofSeq: seq) != nil) }
        #expect(database.eventSignal.commitInstant(ofSeq: seqs[1] + 1) == nil)
        #expect(await wakeups.next() != nil)
        // A commit whose only append its savepoint undid (a refused order) signals nothing.
        try await database.pool.write { db in
            try? db.inPreparedSavepoint {
                _ = try EventLog.append(db, tenantId: "t", aggregateId: "c", type: "x", payload: "{}", at: Date())
                throw Rollback()
            }
            try db.execute(sql: "DELETE FROM consumer_cursors")
        }
        #expect(database.eventSignal.commitsSignalled == 2)
    }

    @Test("Given a log with events, then reopening it signals only what is appended afterwards")
    func reopened() async throws {
        let path = try temporaryDirectory() + "/db.sqlite"
        let first = try AppDatabase.open(path: path)
        let old = try await first.pool.write { db in
            try EventLog.append(db, tenantId: "t", aggregateId: "a", type: "x", payload: "{}", at: Date())
        }
        try first.pool.close()
        let database = try AppDatabase.open(path: path)
        #expect(database.eventSignal.commitsSignalled == 0)
        let new = try await database.pool.write { db in
            try EventLog.append(db, tenantId: "t", aggregateId: "b", type: "x", payload: "{}", at: Date())
        }
        #expect(database.eventSignal.commitsSignalled == 1)
        #expect(database.eventSignal.commitInstant(ofSeq: new) != nil)
        #expect(database.eventSignal.commitInstant(ofSeq: old) == nil)
    }

    @Test("A subscriber whose stream ends is forgotten")
    func unsubscribe() async throws {
        let database = try AppDatabase.open(path: try temporaryDirectory() + "/db.sqlite")
        do {
            let (stream, continuation) = database.eventSignal.subscribe()
            #expect(database.eventSignal.subscriberCount == 1)
            continuation.finish()
            #expect(database.eventSignal.subscriberCount == 0)
            withExtendedLifetime(stream) {}
        }
        // A subscriber that simply drops its stream is forgotten too.
        do {
            _ = database.eventSignal.subscribe()
        }
        #expect(database.eventSignal.subscriberCount == 0)
    }
}

@Suite("The storage health's watch on commits")
struct StorageHealthObserverTests {
    @Test("A disk fault is cleared by the next commit that writes, bound or not, and not by one that writes nothing")
    func clearedByAWrite() async throws {
        let database = try AppDatabase.open(path: try temporaryDirectory() + "/db.sqlite")
        database.storage.noteFailure(DatabaseError(resultCode: .SQLITE_FULL))
        try await database.pool.write { _ in }
        try await database.pool.write { db in _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") }
        #expect(database.storage.current?.fault == .full)
        try await database.pool.write { db in
            _ = try EventLog.append(db, tenantId: "t", aggregateId: "a", type: "x", payload: "{}", at: Date())
        }
        #expect(database.storage.current == nil)
        database.storage.noteFailure(DatabaseError(resultCode: .SQLITE_IOERR))
        try await database.pool.write { _ in }
        #expect(database.storage.current?.fault == .unavailable)
        try await database.pool.write { db in try db.execute(sql: "INSERT INTO consumer_cursors VALUES ('c', 0, 'now')") }
        #expect(database.storage.current == nil)
    }

    @Test("Given the file was replaced under the daemon, then a bound write is not committed into the old one")
    func vanished() async throws {
        let directory = try temporaryDirectory()
        let database = try AppDatabase.open(path: directory + "/db.sqlite")
        let gone = Mutex(false)
        database.storage.whenVanished { gone.withLock { $0 = true } }
        #expect(rename(directory + "/db.sqlite", directory + "/moved.sqlite") == 0)
        await #expect(throws: DatabaseFileVanished.self) {
            try await database.pool.write { db in
                _ = try EventLog.append(db, tenantId: "t", aggregateId: "a", type: "x", payload: "{}", at: Date())
            }
        }
        #expect(database.storage.current?.fault == .vanished)
        #expect(gone.withLock { $0 })
        #expect(try await database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM events") } == 0)
    }
}
