import CSQLiteAllocator
import GRDBSQLite

/// SQLite's own heap, across every connection of the process: page caches, schemas, prepared
/// statements. Reported in `/metrics` beside the resident size, so growth can be told apart
/// from caches filling to their caps (docs/architecture.md, "Memory").
public enum SQLiteMemory {
    /// SQLite allocates through a counted allocator, not under its statistics mutex
    /// (`Sources/CSQLiteAllocator`). Installed once, by the first `AppDatabase.open`; false when
    /// some other code opened SQLite first, and SQLite's own statistics then keep the figure.
    static let countedAllocator: Bool = intellidine_sqlite_install_allocator() == SQLITE_OK

    /// Bytes SQLite holds now.
    public static var inUse: Int64 {
        countedAllocator ? intellidine_sqlite_bytes_in_use() : sqlite3_memory_used()
    }
}
