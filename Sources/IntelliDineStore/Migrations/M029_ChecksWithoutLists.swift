import GRDB

/// Every `CHECK (column IN ('A', 'B', …))` becomes `CHECK (column = 'A' OR column = 'B' OR …)`.
///
/// SQLite evaluates a list of three or more values by building a temporary B-tree of them, again
/// for every row a statement writes: about 3 µs per row on these machines, on the single writer,
/// for each order's row, each of its lines and its reservations. The two forms accept exactly the
/// same values (and NULL passes both), so no stored row is touched: only the table's text in
/// `sqlite_master` changes, the change SQLite documents for altering a CHECK
/// (sqlite.org/lang_altertable.html, "Making other kinds of table schema changes").
/// New tables write their checks with `=` and `OR` (`MigrationTests` refuses a list).
enum M029_ChecksWithoutLists: Migration {
    static let id = "029_checks_without_lists"

    static func migrate(_ db: Database) throws {
        var rewritten: [(name: String, sql: String)] = []
        for table in try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL") {
            let sql: String = table["sql"]
            let without = withoutLists(sql)
            if without != sql { rewritten.append((table["name"], without)) }
        }
        guard !rewritten.isEmpty else { return }
        let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        defer { try? db.execute(sql: "PRAGMA writable_schema = OFF") }
        for table in rewritten {
            try db.execute(sql: "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", arguments: [table.sql, table.name])
        }
        // Every connection re-reads the schema when the version moves.
        try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
        try db.execute(sql: "PRAGMA writable_schema = OFF")
        // The new text must parse, and be all there is: any error fails the migration, which rolls back.
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(sqlite_master)")
        guard problems == ["ok"] else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: problems.joined(separator: "; ")) }
    }

    /// `status IN ('A', 'B')` → `(status = 'A' OR status = 'B')`, for every such list in `sql`. Only
    /// lists of string literals, as every table's checks are; not for `NOT IN`, which no table uses.
    static func withoutLists(_ sql: String) -> String {
        sql.replacing(/(?<column>"?[A-Za-z_][A-Za-z0-9_]*"?)\s+IN\s*\((?<values>\s*'[^']*'(?:\s*,\s*'[^']*')*\s*)\)/) { match in
            let column = match.output.column
            let values = match.output.values.matches(of: /'[^']*'/).map { "\(column) = \($0.output)" }
            return "(" + values.joined(separator: " OR ") + ")"
        }
    }
}
