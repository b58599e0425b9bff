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
        let size = Int64(64 << 20)
        // Other suites in this process open and close databases meanwhile and move the figure by
        // a few MB; on a busy machine one of them can land between two readings. Three tries.
        var readings: [(before: Int64, holding: Int64, after: Int64)] = []
        for _ in 0..<3 {
            let reading = try holdAndRelease(bytes: size)
            readings.append(reading)
            if reading.holding - reading.before > size * 9 / 10 && reading.holding - reading.after > size * 9 / 10 { break }
        }
        let last = readings.last!
        #expect(last.holding - last.before > size * 9 / 10, "\(readings)")
        #expect(last.holding - last.after > size * 9 / 10, "\(readings)")
    }

    /// SQLite's figure before, while and after an in-memory database holds `bytes`: its pages
    /// live in SQLite's heap until its connection closes.
    private func holdAndRelease(bytes: Int64) throws -> (before: Int64, holding: Int64, after: Int64) {
        let before = SQLiteMemory.inUse
        var queue: DatabaseQueue? = try DatabaseQueue()
        try queue?.write { db in
            try db.execute(sql: "CREATE TABLE ballast (b BLOB)")
            try db.execute(sql: "INSERT INTO ballast VALUES (zeroblob(?))", arguments: [bytes])
        }
        let holding = SQLiteMemory.inUse
        queue = nil
        return (before, holding, SQLiteMemory.inUse)
    }
}
