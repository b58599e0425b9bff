import Foundation
import GRDB
import Testing

@testable import IntelliDineStore

@Suite("Prepared read transactions: one snapshot, never left open, without parsing BEGIN and COMMIT each time")
struct PreparedTransactionTests {
    func withNotes() throws -> AppDatabase {
        let database = try AppDatabase.open(path: try temporaryDirectory() + "/db.sqlite")
        try database.pool.write { db in
            try db.execute(sql: "CREATE TABLE notes (body TEXT NOT NULL UNIQUE)")
            try db.execute(sql: "INSERT INTO notes VALUES ('first')")
        }
        return database
    }

    @Test("A read transaction ends whatever its work does, so its connection goes back to the pool outside one")
    func endsEitherWay() throws {
        let database = try withNotes()
        try database.pool.writeWithoutTransaction { (db: Database) throws in
            #expect(try db.inPreparedReadTransaction { try String.fetchAll(db, sql: "SELECT body FROM notes") } == ["first"])
            #expect(!db.isInsideTransaction)
            struct Refused: Error {}
            #expect(throws: Refused.self) {
                try db.inPreparedReadTransaction {
                    _ = try String.fetchAll(db, sql: "SELECT body FROM notes")
                    throw Refused()
                }
            }
            #expect(!db.isInsideTransaction)
            // The prepared BEGIN runs again on the same connection.
            #expect(try db.inPreparedReadTransaction { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notes") } == 1)
        }
    }

    @Test("Given SQLite ended the transaction under the work, then what it read is not returned as one snapshot")
    func endedUnderneath() throws {
        let database = try withNotes()
        try database.pool.writeWithoutTransaction { (db: Database) throws in
            #expect {
                try db.inPreparedReadTransaction {
                    _ = try String.fetchAll(db, sql: "SELECT body FROM notes")
                    try db.execute(sql: "ROLLBACK")  // what an I/O error does to the transaction
                    return try String.fetchAll(db, sql: "SELECT body FROM notes")
                }
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_ABORT
            }
            #expect(!db.isInsideTransaction)
        }
    }

    @Test("A prepared read sees one snapshot across its statements, even with a commit landing between them")
    func readSnapshot() async throws {
        let database = try withNotes()
        let counts = try await database.readPrepared { db -> [Int] in
            let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notes")!
            // A write from the writer connection, committed while this read is open.
            try database.pool.writeWithoutTransaction { try $0.execute(sql: "INSERT INTO notes VALUES ('second')") }
            return [before, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notes")!]
        }
        #expect(counts == [1, 1])
        #expect(try await database.readOneStatement { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM notes")! } == 2)
    }
}
