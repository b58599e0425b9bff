import Foundation
import GRDB
@testable import IntelliDineStore
import Testing

/// `intellidine_sqlite_memory_bytes` comes from SQLiteMemory: the counted allocator's figure, or
/// SQLite's own statistics when another connection came first. Either must follow what SQLite
/// really holds.
@Suite("SQLite's memory in use")
struct SQLiteMemoryTests {
    @Test("The figure rises by a 64 MB database held in memory and falls when it is closed")
    func followsAllocations() throws {
        _ = SQLiteMemory.countedAllocator
        let size = 64 << 20
        let before = SQLiteMemory.inUse
        // An in-memory database: its pages live in SQLite's heap until its connection closes.
        // Other tests running beside this one move the figure by a few MB at most.
        var queue: DatabaseQueue? = try DatabaseQueue()
        try queue?.write { db in
            try db.execute(sql: "CREATE TABLE ballast (b BLOB)")
            try db.execute(sql: "INSERT INTO ballast VALUES (zeroblob(?))", arguments: [size])
        }
        let holding = SQLiteMemory.inUse
        #expect(holding - before > Int64(size) * 9 / 10, "before \(before), holding \(holding)")
        queue = nil
        let after = SQLiteMemory.inUse
        #expect(holding - after > Int64(size) * 9 / 10, "holding \(holding), after \(after)")
    }
}
