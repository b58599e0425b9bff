import Foundation
import Logging
import PostgresNIO

/// Applies the SQL files in `Migrations/` in name order, each once, at start. Under a Postgres
/// advisory lock: two replicas starting together queue on the lock, and the second finds the
/// work done.
enum Migrator {
    /// An arbitrary constant naming IntelliDine's migration lock.
    static let lockId: Int64 = 0x1D_C10D

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        let files = try migrationFiles()
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(lockId))", logger: logger)
            do {
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                    """, logger: logger)
                var applied = Set<String>()
                for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(String.self) {
                    applied.insert(version)
                }
                for (version, sql) in files where !applied.contains(version) {
                    // One transaction per file: a migration is all there or not at all.
                    try await connection.query("BEGIN", logger: logger)
                    for statement in statements(sql) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query("INSERT INTO schema_migrations (version) VALUES (\(version))", logger: logger)
                    try await connection.query("COMMIT", logger: logger)
                    logger.info("migration applied", metadata: ["version": "\(version)"])
                }
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockId))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(lockId))", logger: logger)
        }
    }

    /// A file's statements, split at the semicolons outside quotes, `$$` bodies and `--` comments
    /// (the extended protocol takes one statement at a time).
    static func statements(_ sql: String) -> [String] {
        var statements: [String] = [], current = ""
        var quoted = false, dollar = false, comment = false
        var previous: Character = " "
        for character in sql {
            if comment {
                if character == "\n" { comment = false }
                previous = character
                continue
            }
            if !quoted && !dollar && previous == "-" && character == "-" {
                current.removeLast()
                comment = true
                previous = " "
                continue
            }
            if !dollar && character == "'" { quoted.toggle() }
            if !quoted && previous == "$" && character == "$" { dollar.toggle() }
            if !quoted && !dollar && character == ";" {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { statements.append(last) }
        return statements
    }

    /// `(version, sql)` for every file, by name; the version is the name without `.sql`.
    static func migrationFiles() throws -> [(String, String)] {
        guard let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }.sorted().map {
            (String($0.dropLast(4)), try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8))
        }
    }
}
