import Crypto
import Foundation
import IntelliDineIngest
import HummingbirdBcrypt
import Logging
import PostgresNIO

/// Head-office users (bcrypt) and their sign-ins: a random token in an HttpOnly cookie, kept in
/// Postgres as its SHA-256 so every ingest process behind the load balancer knows it.
public struct HQAccounts: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// A sign-in lasts 12 hours (`interval '12 hours'` below): a working day at head office.

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Adds a user, or sets a new password for one that exists.
    public func setUser(_ username: String, password: String) async throws {
        guard username.range(of: #"^[a-z0-9._-]{2,40}$"#, options: .regularExpression) != nil else {
            throw BoxRegistry.Refusal.invalid("a username is 2 to 40 lower-case letters, digits, dots, dashes or underscores")
        }
        guard password.count >= 10 else { throw BoxRegistry.Refusal.invalid("a password has at least 10 characters") }
        let hash = Bcrypt.hash(password, cost: 12)
        try await client.query("""
            INSERT INTO hq_users (username, password_hash) VALUES (\(username), \(hash))
            ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash
            """, logger: logger)
    }

    /// A new session token for good credentials; nil otherwise.
    func signIn(_ username: String, password: String) async throws -> String? {
        var stored: String?
        for try await hash in try await client.query("SELECT password_hash FROM hq_users WHERE username = \(username)", logger: logger).decode(String.self) {
            stored = hash
        }
        // An unknown user costs a bcrypt too, so timing does not tell which usernames exist.
        guard Bcrypt.verify(password, hash: stored ?? Self.decoy), stored != nil else { return nil }
        let token = Hex.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        try await client.query("""
            INSERT INTO hq_sessions (token_hash, username, expires_at) VALUES (\(Self.digest(token)), \(username), now() + interval '12 hours')
            """, logger: logger)
        try await client.query("DELETE FROM hq_sessions WHERE expires_at < now()", logger: logger)
        return token
    }

    /// The user a cookie's token signs in, if it is current.
    func user(token: String) async throws -> String? {
        for try await name in try await client.query(
            "SELECT username FROM hq_sessions WHERE token_hash = \(Self.digest(token)) AND expires_at > now()", logger: logger
        ).decode(String.self) { return name }
        return nil
    }

    func signOut(token: String) async throws {
        try await client.query("DELETE FROM hq_sessions WHERE token_hash = \(Self.digest(token))", logger: logger)
    }

    static func digest(_ token: String) -> String { Hex.encode(SHA256.hash(data: Data(token.utf8))) }
    static let decoy = Bcrypt.hash("decoy password for unknown users", cost: 12)
}
