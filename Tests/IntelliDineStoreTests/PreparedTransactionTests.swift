import Foundation
import GRDB
import Testing

@testable import IntelliDineStore

@Suite("Prepared transactions: what GRDB's inTransaction and read promise, without parsing BEGIN and COMMIT each time")
struct PreparedTransactionTests {
    func database() throws -> AppDatabase {
        try AppDatabase.open(path: try temporaryDirectory() + "/db.sqlite")
    }

    func notes(_ database: AppDatabase) throws -> [String] {
        try database.pool.read { try String.fetchAll($0, sql: "SELECT body FROM notes ORDER BY body") }
    }

    func withNotes() throws -> AppDatabase {
        let database = try database()
        try database.pool.write { try $0.execute(sql: "CREATE TABLE notes (body TEXT NOT NULL UNIQUE)") }
        return database
    }

    @Test("Committed work is there; work that throws leaves nothing, and the connection is out of its transaction")
    func commitAndRollback() throws {
        let database = try withNotes()
        let value = try database.pool.writeWithoutTransaction { db in
            try db.inPreparedTransaction(.immediate) {
                try db.execute(sql: "INSERT INTO notes VALUES ('kept')")
                return 7
            }
        }
        #expect(value == 7)
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try database.pool.writeWithoutTransaction { db in
                try db.inPreparedTransaction(.immediate) {
                    try db.execute(sql: "INSERT INTO notes VALUES ('dropped')")
                    throw Refused()
                }
            }
        }
        #expect(try notes(database) == ["kept"])
        // The same connection takes the next transaction: nothing was left open.
        try database.pool.writeWithoutTransaction { db in
            #expect(!db.isInsideTransaction)
            try db.inPreparedTransaction(.immediate) { try db.execute(sql: "INSERT INTO notes VALUES ('next')") }
        }
        #expect(try notes(database) == ["kept", "next"])
    }

    @Test("Given SQLite rolled the transaction back under the work (as a full disk does), then no commit is reported")
    func rolledBackUnderneath() throws {
        let database = try withNotes()
        #expect {
            try database.pool.writeWithoutTransaction { db in
                try db.inPreparedTransaction(.immediate) {
                    try db.execute(sql: "INSERT INTO notes VALUES ('lost')")
                    try db.execute(sql: "ROLLBACK")
                    // What a savepoint after an automatic rollback does: a transaction of its own.
                    try db.execute(sql: "INSERT INTO notes VALUES ('alone')")
                }
            }
        } throws: { error in
            (error as? DatabaseError)?.resultCode == .SQLITE_ABORT
        }
        #expect(try notes(database) == ["alone"])
    }

    @Test("A prepared read sees one snapshot across its statements, even with a commit landing between them")
    func readSnapshot() async throws {
        let database = try withNotes()
        try await database.pool.write { try $0.execute(sql: "INSERT INTO notes VALUES ('first')") }
        let counts = try await database.readPrepared { db -> [Int] in
            let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notes")!
            // A write from another connection, committed while this read is open.
            try database.pool.writeWithoutTransaction { try $0.execute(sql: "INSERT INTO notes VALUES ('second')") }
            return [before, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notes")!]
        }
        #expect(counts == [1, 1])
        #expect(try await database.readOneStatement { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM notes")! } == 2)
    }
}
