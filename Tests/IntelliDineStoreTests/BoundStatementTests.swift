import Foundation
import GRDB
import Testing

@testable import IntelliDineStore

@Suite("Bound statements: the order path's writes, with values bound straight to SQLite, store what GRDB's would")
struct BoundStatementTests {
    func withNotes() throws -> AppDatabase {
        let database = try AppDatabase.open(path: try temporaryDirectory() + "/db.sqlite")
        try database.pool.write { (db: Database) throws in
            try db.execute(sql: """
                CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT, count INTEGER, big INTEGER, flag INTEGER, bytes BLOB) STRICT
                """)
        }
        return database
    }

    static let insert = "INSERT INTO notes (id, body, count, big, flag, bytes) VALUES (?, ?, ?, ?, ?, ?)"

    @Test("Texts (empty, in Hindi), absent values, 64-bit numbers and blobs are stored as GRDB stores them; a text with a NUL whole")
    func sameRows() throws {
        let database = try withNotes()
        let cases: [(id: String, body: String?, count: Int?, big: Int64, flag: Bool, bytes: Data)] = [
            ("empty", "", nil, .min, false, Data()),
            ("nul", "a\u{0}b", 0, .max, true, Data([0, 1, 2, 255])),
            ("hindi", "पनीर टिक्का, कम मिर्च", -7, 0, true, Data("x".utf8)),
            ("absent", nil, 42, -1, false, Data(repeating: 9, count: 5_000)),
        ]
        try database.pool.write { (db: Database) throws in
            for row in cases {
                try db.runBound(Self.insert) { values in
                    values.add(row.id); values.add(row.body); values.add(row.count); values.add(row.big); values.add(row.flag)
                    values.add(row.bytes)
                }
                try db.execute(
                    sql: Self.insert,
                    arguments: ["grdb-" + row.id, row.body, row.count, row.big, row.flag, row.bytes])
            }
        }
        try database.pool.read { (db: Database) throws in
            let columns = "hex(body), typeof(body), count, typeof(count), big, flag, hex(bytes), typeof(bytes)"
            for row in cases {
                let bound = try Row.fetchOne(db, sql: "SELECT \(columns) FROM notes WHERE id = ?", arguments: [row.id])
                let grdb = try Row.fetchOne(db, sql: "SELECT \(columns) FROM notes WHERE id = ?", arguments: ["grdb-" + row.id])
                if row.id == "nul" {
                    // GRDB binds a text up to its first NUL; a bound one keeps all its bytes.
                    #expect(bound?[0] as String? == "610062")
                    #expect(grdb?[0] as String? == "61")
                } else {
                    #expect(bound == grdb, "\(row.id)")
                }
            }
            // And read back with bound reads: by length, so the NUL and what follows it come back.
            let read = try db.fetchAllBound("SELECT id, body, count, big, flag FROM notes WHERE id NOT LIKE 'grdb-%' ORDER BY rowid", { _ in }) {
                (id: $0.text(0), body: $0.optionalText(1), count: $0.optionalInt(2), big: $0.int(3), flag: $0.bool(4))
            }
            #expect(read.map(\.body) == ["", "a\u{0}b", "पनीर टिक्का, कम मिर्च", nil])
            #expect(read.map(\.count) == [nil, 0, -7, 42])
            #expect(read.map(\.big) == [Int(Int64.min), Int(Int64.max), 0, -1])
            #expect(read.map(\.flag) == [false, true, true, false])
        }
    }

    @Test("A refused write is GRDB's kind of error, with SQLite's extended code, and its statement runs again afterwards")
    func refusal() throws {
        let database = try withNotes()
        try database.pool.write { (db: Database) throws in
            try db.runBound(Self.insert) { $0.add("one"); $0.add("x"); $0.add(1); $0.add(1); $0.add(true); $0.add(Data()) }
            #expect {
                try db.runBound(Self.insert) { $0.add("one"); $0.add("y"); $0.add(1); $0.add(1); $0.add(true); $0.add(Data()) }
            } throws: { error in
                let error = error as? DatabaseError
                return error?.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY && error?.sql == Self.insert
            }
            try db.runBound(Self.insert) { $0.add("two"); $0.add("z"); $0.add(2); $0.add(2); $0.add(false); $0.add(Data()) }
            #expect(try db.fetchBound("SELECT COUNT(*) FROM notes", { _ in }, { $0.int(0) }) == 2)
            #expect(try db.fetchBound("SELECT body FROM notes WHERE id = ?", { $0.add("three") }, { $0.text(0) }) == nil)
        }
    }

    @Test("Fewer values than parameters are refused before anything runs, not run with the missing ones NULL")
    func missingValues() throws {
        let database = try withNotes()
        try database.pool.write { (db: Database) throws in
            #expect {
                try db.runBound(Self.insert) { $0.add("one"); $0.add("x") }
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_RANGE
            }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notes") == 0)
        }
    }

    @Test("Given SQLite rolled the writer's transaction back by itself, then a bound write is refused, not committed on its own")
    func afterSQLiteRolledBack() throws {
        let database = try withNotes()
        try database.pool.writeWithoutTransaction { (db: Database) throws in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try db.runBound(Self.insert) { $0.add("one"); $0.add("x"); $0.add(1); $0.add(1); $0.add(true); $0.add(Data()) }
            // What a full disk does to the transaction: SQLite ends it, and the connection is back in autocommit.
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT OR ROLLBACK INTO notes (id) VALUES ('one')")
            }
            #expect(!db.isInsideTransaction)
            #expect {
                try db.runBound(Self.insert) { $0.add("two"); $0.add("y"); $0.add(2); $0.add(2); $0.add(true); $0.add(Data()) }
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_ABORT
            }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notes") == 0)
        }
    }

    @Test("The table a bound write names is read from its SQL, for the check that no cache watches it")
    func tableWritten() throws {
        _ = try withNotes()  // its caches watch the menu's tables
        #expect(Database.tableWritten(by: "INSERT INTO orders (id) VALUES (?)") == "orders")
        #expect(Database.tableWritten(by: "INSERT OR IGNORE INTO sent_notifications (event_id) VALUES (?)") == "sent_notifications")
        #expect(Database.tableWritten(by: "insert into\nevents(id) values (?)") == "events")
        #expect(Database.tableWritten(by: "UPDATE ingredients SET reserved_quantity = ?") == "ingredients")
        #expect(Database.tableWritten(by: "UPDATE menu_items SET stocked_out = 1") == "menu_items")
        #expect(Database.tableWritten(by: "SELECT id FROM orders") == nil)
        #expect(Database.tableWritten(by: "DELETE FROM orders") == nil)
        #expect(TableChanges.isWatched("menu_items") && TableChanges.isWatched("recipe_lines"))
        for table in ["orders", "order_items", "events", "ingredients", "idempotency_keys", "notes"] { #expect(!TableChanges.isWatched(table)) }
    }
}
