import GRDBSQLite

/// SQLite's own heap, across every connection of the process: page caches, schemas, prepared
/// statements. Reported in `/metrics` beside the resident size, so growth can be told apart
/// from caches filling to their caps (docs/architecture.md, "Memory").
public enum SQLiteMemory {
    /// Bytes SQLite holds now.
    public static var inUse: Int64 { sqlite3_memory_used() }
}
