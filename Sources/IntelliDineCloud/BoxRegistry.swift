import Crypto
import Foundation
import IntelliDineIngest
import Logging
import PostgresNIO

/// The boxes allowed to send (docs/cloud.md, "Boxes"): each with its own key, made here, shown
/// once, and stored only sealed under the master key.
public struct BoxRegistry: Sendable {
    let client: PostgresClient
    let master: MasterKey
    let logger: Logger

    public init(client: PostgresClient, master: MasterKey, logger: Logger) {
        self.client = client
        self.master = master
        self.logger = logger
    }

    public enum Refusal: Error, CustomStringConvertible, Equatable {
        case alreadyRegistered(String)
        case notFound(String)
        case invalid(String)

        public var description: String {
            switch self {
            case .alreadyRegistered(let id): "box \(id) is already registered"
            case .notFound(let id): "no box \(id)"
            case .invalid(let why): why
            }
        }
    }

    /// Registers a box and returns its new key as 64 hex characters: the box signs with these
    /// characters as its secret (`cloud_secret_file`).
    public func add(boxId: String, name: String, timezone: String) async throws -> String {
        guard boxId.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) != nil else {
            throw Refusal.invalid("a box id is 1 to 64 letters, digits, dots, dashes or underscores")
        }
        guard TimeZone(identifier: timezone) != nil else { throw Refusal.invalid("unknown time zone \(timezone)") }
        let secret = Hex.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        let sealed = try master.seal(Array(secret.utf8), boxId: boxId)
        let rows = try await client.query("""
            INSERT INTO boxes (box_id, name, timezone, sealed_key) VALUES (\(boxId), \(name), \(timezone), \(ByteBuffer(bytes: sealed)))
            ON CONFLICT (box_id) DO NOTHING RETURNING box_id
            """, logger: logger)
        var added = false
        for try await _ in rows.decode(String.self) { added = true }
        guard added else { throw Refusal.alreadyRegistered(boxId) }
        return secret
    }

    /// The key a live box signs with; nil for an unknown or revoked box.
    public func key(boxId: String) async throws -> SymmetricKey? {
        for try await sealed in try await client.query(
            "SELECT sealed_key FROM boxes WHERE box_id = \(boxId) AND revoked_at IS NULL", logger: logger
        ).decode(ByteBuffer.self) {
            return try master.open(Array(buffer: sealed), boxId: boxId)
        }
        return nil
    }

    public func revoke(boxId: String) async throws {
        var found = false
        for try await _ in try await client.query(
            "UPDATE boxes SET revoked_at = COALESCE(revoked_at, now()) WHERE box_id = \(boxId) RETURNING box_id", logger: logger
        ).decode(String.self) { found = true }
        guard found else { throw Refusal.notFound(boxId) }
    }

    public struct Listed: Sendable {
        public var boxId, name, timezone: String
        public var revoked: Bool
        public var lastContact: Date?
        public var eventsReceived: Int64
    }

    public func list() async throws -> [Listed] {
        var boxes: [Listed] = []
        for try await (id, name, zone, revoked, contact, received) in try await client.query("""
            SELECT box_id, name, timezone, revoked_at IS NOT NULL, last_contact, events_received FROM boxes ORDER BY box_id
            """, logger: logger).decode((String, String, String, Bool, Date?, Int64).self) {
            boxes.append(Listed(boxId: id, name: name, timezone: zone, revoked: revoked, lastContact: contact, eventsReceived: received))
        }
        return boxes
    }
}
