import GRDB

/// Read transactions and savepoints whose statements are prepared once per connection. GRDB's
/// `inSavepoint` and `DatabasePool.read` parse BEGIN, COMMIT, SAVEPOINT and RELEASE on every call,
/// and an order runs several of them: its savepoint in the group commit, its read, and the reads of
/// the consumers that follow every commit. (The group commit's own transaction stays GRDB's: it is
/// one per batch, and GRDB refuses every statement run after SQLite has rolled it back by itself.)
extension Database {
    /// A read transaction (`BEGIN DEFERRED`) with BEGIN and COMMIT prepared once per connection; a
    /// rollback, rare, is GRDB's, which also gets past an interrupted connection (a cancelled read),
    /// so a reader never goes back to its pool inside a transaction. Should SQLite end the
    /// transaction under the work (an I/O error), the work's statements did not all read one
    /// snapshot, and it throws `SQLITE_ABORT` rather than return what they read.
    func inPreparedReadTransaction<T>(_ work: () throws -> T) throws -> T {
        try cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
        do {
            let value = try work()
            guard isInsideTransaction else { throw DatabaseError(resultCode: .SQLITE_ABORT, message: "Transaction was aborted") }
            try cachedStatement(sql: "COMMIT TRANSACTION").execute()
            return value
        } catch {
            try? rollback()
            throw error
        }
    }

    /// `inSavepoint`, with its three statements prepared once per connection. `inSavepoint` parses
    /// `SAVEPOINT` and `RELEASE` on every call, which was 2.7 % of the daemon's samples under a load
    /// of orders, each of which runs in its own savepoint. GRDB reads a savepoint's effect from the
    /// prepared statement, so transaction observers see the same as with `inSavepoint`.
    func inPreparedSavepoint<T>(_ work: () throws -> T) throws -> T {
        // Outside a transaction (SQLite rolled the batch back by itself after an earlier job's
        // error) GRDB's `inSavepoint` answers: inside the group commit's `pool.write` it refuses
        // with SQLITE_ABORT, so this job writes nothing.
        guard isInsideTransaction else {
            var value: T?
            try inSavepoint {
                value = try work()
                return .commit
            }
            return value!
        }
        try cachedStatement(sql: "SAVEPOINT grdb").execute()
        do {
            let value = try work()
            try cachedStatement(sql: "RELEASE SAVEPOINT grdb").execute()
            return value
        } catch {
            // As `inSavepoint` does: undo the savepoint's changes and drop it, and report the first error.
            try? cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT grdb").execute()
            try? cachedStatement(sql: "RELEASE SAVEPOINT grdb").execute()
            throw error
        }
    }
}

extension AppDatabase {
    /// `pool.read` for the reads that follow every commit (the event log's consumers): the same
    /// snapshot across its statements, with BEGIN and COMMIT prepared once per reader.
    func readPrepared<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await pool.unsafeRead { db in try db.inPreparedReadTransaction { try body(db) } }
    }

    /// A read of one statement, which SQLite runs in a snapshot of its own: no BEGIN or COMMIT.
    func readOneStatement<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await pool.unsafeRead(body)
    }
}
