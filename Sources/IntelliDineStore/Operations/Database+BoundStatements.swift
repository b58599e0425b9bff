import Foundation
import GRDB
import GRDBSQLite

/// The order path's own statements, with their values bound straight to SQLite's parameters and
/// their columns read straight from SQLite: the writer's for each order, the order's read, and the
/// reads of the log's consumers after every commit.
///
/// GRDB's `execute(arguments:)` and `Row.fetchOne` box every value in a `DatabaseValue` array,
/// allocate a cursor and a row per read, and ask the transaction observers about every statement.
/// On the writer, which sets the pace of orders, that bookkeeping cost as much as SQLite's own
/// work for the order's small statements (docs/architecture.md, "The order path's statements").
///
/// What GRDB did and these keep:
/// - A write is refused once SQLite has rolled the writer's transaction back by itself (a full
///   disk): it would otherwise run, and commit, on its own (`SQLITE_ABORT`, as GRDB's).
/// - A failure is a `DatabaseError` with SQLite's extended code and message.
/// - A text is bound by its length: one holding a NUL is stored whole (GRDB's binding stops at it).
///
/// What they leave out, and why that is sound:
/// - GRDB's per-row hook, so transaction observers do not hear of these rows. None needs to: the
///   commit signal reads the log's end after each commit (`EventSignal`), the storage health reads
///   SQLite's count of changed rows (`StorageHealth`), and the caches' observers (`TableChanges`)
///   watch only tables never written this way (`runBound` asserts it, in debug builds and so in
///   every test that places an order).
/// - GRDB's check for a cancelled task before each statement: the writer's statements run on its
///   own queue, outside any task, and the reads are a few index look-ups or a page of events.
/// - GRDB's bookkeeping after a failed statement (its savepoint stack, observers of one transaction):
///   the writer's savepoints are its own (`inPreparedSavepoint`), and no such observer is installed.
extension Database {
    /// The table an `INSERT [OR …] INTO t` or `UPDATE t` writes; nil for any other statement.
    static func tableWritten(by sql: String) -> String? {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" }).map { $0.lowercased() }
        guard let verb = words.first else { return nil }
        switch verb {
        case "update":
            return words.dropFirst().first
        case "insert":
            guard let into = words.firstIndex(of: "into"), into + 1 < words.count else { return nil }
            return words[into + 1]
        default:
            return nil
        }
    }

    /// Runs a write, its values bound by `bind` in the order of the statement's parameters. Not for
    /// `RETURNING`: a row back is taken for a failure, after the write.
    func runBound(_ sql: String, _ bind: (inout BoundValues) -> Void) throws {
        assert(Self.tableWritten(by: sql).map { !TableChanges.isWatched($0) } == true, "a cache watches the table of \(sql)")
        // Outside a transaction, SQLite ended the caller's by itself after an error: refused, as
        // GRDB does. (A read may run alone; `inPreparedReadTransaction` checks its own end.)
        guard isInsideTransaction else {
            throw DatabaseError(resultCode: .SQLITE_ABORT, message: "Transaction was aborted", sql: sql)
        }
        try withBoundStatement(sql, bind) { statement in
            let code = sqlite3_step(statement)
            guard code == SQLITE_DONE else { throw failure(statement, sql) }
        }
    }

    /// The first row of a read, made by `read` from its columns; nil when there is none.
    func fetchBound<T>(_ sql: String, _ bind: (inout BoundValues) -> Void, _ read: (BoundRow) -> T) throws -> T? {
        try withBoundStatement(sql, bind) { statement in
            switch sqlite3_step(statement) {
            case SQLITE_ROW: return read(BoundRow(statement: statement))
            case SQLITE_DONE: return nil
            default: throw failure(statement, sql)
            }
        }
    }

    /// Every row of a read, each made by `read`.
    func fetchAllBound<T>(_ sql: String, _ bind: (inout BoundValues) -> Void, _ read: (BoundRow) -> T) throws -> [T] {
        try withBoundStatement(sql, bind) { statement in
            var rows: [T] = []
            while true {
                switch sqlite3_step(statement) {
                case SQLITE_ROW: rows.append(read(BoundRow(statement: statement)))
                case SQLITE_DONE: return rows
                default: throw failure(statement, sql)
                }
            }
        }
    }

    /// Binds the statement and runs `body` on it, then resets it. The GRDB statement is held for the
    /// whole time: its cache owns the SQLite statement, and only it keeps the pointer valid.
    private func withBoundStatement<T>(
        _ sql: String, _ bind: (inout BoundValues) -> Void, _ body: (SQLiteStatement) throws -> T
    ) throws -> T {
        let cached = try cachedStatement(sql: sql)
        return try withExtendedLifetime(cached) {
            let statement = cached.sqliteStatement
            sqlite3_reset(statement)
            defer { sqlite3_reset(statement) }
            var values = BoundValues(statement: statement)
            bind(&values)
            if values.failure != SQLITE_OK {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: values.failure), message: "SQLite refused a value", sql: sql)
            }
            let parameters = sqlite3_bind_parameter_count(statement)
            guard values.count == parameters else {
                throw DatabaseError(resultCode: .SQLITE_RANGE, message: "\(values.count) values bound to \(parameters) parameters", sql: sql)
            }
            return try body(statement)
        }
    }

    private func failure(_ statement: SQLiteStatement, _ sql: String) -> DatabaseError {
        // The extended code, which tells a constraint's kind (`SQLITE_CONSTRAINT_UNIQUE`), as GRDB's
        // errors do; read before the reset, which would replace it.
        DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(sqliteConnection)),
            message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: sql)
    }
}

/// A statement's parameters, bound one after the other. SQLite copies texts and blobs.
struct BoundValues {
    fileprivate let statement: SQLiteStatement
    fileprivate private(set) var count: Int32 = 0
    /// The first binding SQLite refused (only for want of memory, or a parameter that is not there).
    fileprivate private(set) var failure = SQLITE_OK

    fileprivate init(statement: SQLiteStatement) { self.statement = statement }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
    private static let copied = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    mutating func add(_ value: Int) { record(sqlite3_bind_int64(statement, next(), Int64(value))) }

    mutating func add(_ value: Int64) { record(sqlite3_bind_int64(statement, next(), value)) }

    mutating func add(_ value: Int?) {
        guard let value else { return addNull() }
        add(value)
    }

    mutating func add(_ value: String) {
        let index = next()
        var value = value
        record(value.withUTF8 { bytes in
            // An empty buffer may have no address, and a null address binds NULL, not ''.
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(statement, index, "", 0, Self.copied) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(statement, index, $0, Int32(bytes.count), Self.copied)
            }
        })
    }

    mutating func add(_ value: String?) {
        guard let value else { return addNull() }
        add(value)
    }

    mutating func add(_ value: Data) {
        let index = next()
        record(value.withUnsafeBytes { bytes in
            // An empty buffer may have no address, and a null address binds NULL, not an empty blob.
            guard let base = bytes.baseAddress else { return sqlite3_bind_zeroblob(statement, index, 0) }
            return sqlite3_bind_blob(statement, index, base, Int32(bytes.count), Self.copied)
        })
    }

    mutating func add(_ value: Bool) { add(value ? 1 : 0) }

    mutating func addNull() { record(sqlite3_bind_null(statement, next())) }

    private mutating func next() -> Int32 {
        count += 1
        return count
    }

    private mutating func record(_ code: Int32) {
        if code != SQLITE_OK && failure == SQLITE_OK { failure = code }
    }
}

/// The current row of a bound read; columns by position, as in the SELECT.
struct BoundRow {
    fileprivate let statement: SQLiteStatement

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

    func optionalInt(_ column: Int32) -> Int? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : int(column)
    }

    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(statement, column) != 0 }

    func optionalText(_ column: Int32) -> String? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : text(column)
    }

    /// A NOT NULL column's text (a NULL reads as "").
    func text(_ column: Int32) -> String {
        // By its length, not up to a NUL: a text may hold one.
        guard let bytes = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}
