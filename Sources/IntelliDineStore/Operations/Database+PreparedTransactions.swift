import GRDB

/// Transactions and savepoints whose statements are prepared once per connection. GRDB's
/// `inTransaction`, `inSavepoint` and `DatabasePool.read` parse BEGIN, COMMIT, SAVEPOINT and
/// RELEASE on every call, and an order runs several of them: its read, its share of the group
/// commit and its savepoint, and the reads of the consumers that follow every commit.
extension Database {
    /// `inTransaction`, with BEGIN and COMMIT prepared once per connection (a rollback, rare, is
    /// GRDB's). Like `inTransaction`, it refuses to report a commit when SQLite has already rolled
    /// the transaction back on its own (a full disk, an I/O error): the work's results would then
    /// describe writes that are gone.
    func inPreparedTransaction<T>(_ kind: TransactionKind, _ work: () throws -> T) throws -> T {
        let begin = switch kind {
        case .deferred: "BEGIN DEFERRED TRANSACTION"
        case .immediate: "BEGIN IMMEDIATE TRANSACTION"
        case .exclusive: "BEGIN EXCLUSIVE TRANSACTION"
        }
        try cachedStatement(sql: begin).execute()
        do {
            let value = try work()
            guard isInsideTransaction else { throw DatabaseError(resultCode: .SQLITE_ABORT, message: "Transaction was aborted") }
            try cachedStatement(sql: "COMMIT TRANSACTION").execute()
            return value
        } catch {
            // GRDB's own rollback: it also gets past an interrupted connection (a cancelled read),
            // which must not go back to its pool with a transaction still open.
            try? rollback()
            throw error
        }
    }

    /// `inSavepoint`, with its three statements prepared once per connection. `inSavepoint` parses
    /// `SAVEPOINT` and `RELEASE` on every call, which was 2.7 % of the daemon's samples under a load
    /// of orders, each of which runs in its own savepoint. GRDB reads a savepoint's effect from the
    /// prepared statement, so transaction observers see the same as with `inSavepoint`.
    func inPreparedSavepoint<T>(_ work: () throws -> T) throws -> T {
        // Outside a transaction (one a failed write rolled back) `inSavepoint` opens one, as before.
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
        try await pool.unsafeRead { db in try db.inPreparedTransaction(.deferred) { try body(db) } }
    }

    /// A read of one statement, which SQLite runs in a snapshot of its own: no BEGIN or COMMIT.
    func readOneStatement<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await pool.unsafeRead(body)
    }
}
