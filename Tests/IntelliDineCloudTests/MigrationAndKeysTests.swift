import Crypto
import Foundation
import IntelliDineCloud
import IntelliDineIngest
import Logging
import PostgresNIO
import Testing

/// The pieces of head office that need no HTTP: migrations on a real PostgreSQL, the sealed box
/// keys, and the ingest signature both ends use (the whole service is tested end to end by
/// Tests/cloud/test_cloud.py against the real binaries).
@Suite("intellidine-cloud: migrations under an advisory lock, sealed box keys, the ingest signature")
struct MigrationAndKeysTests {
    static let logger = Logger(label: "test")

    func cloud(_ postgres: TestPostgres) throws -> IntelliDineCloud {
        var configuration = CloudConfiguration()
        configuration.databaseURL = postgres.url
        return try IntelliDineCloud(configuration: configuration, logger: Self.logger)
    }

    @Test("Three replicas starting together on an empty database migrate it once, and none fails")
    func replicasMigrateOnce() async throws {
        let postgres = try TestPostgres()
        let replicas = try (0..<3).map { _ in try cloud(postgres) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for replica in replicas {
                group.addTask { try await replica.withClient { _ in try await replica.migrate() } }
            }
            try await group.waitForAll()
        }
        let check = try cloud(postgres)
        let (versions, boxes) = try await check.withClient { client in
            var versions: [String] = []
            for try await version in try await client.query("SELECT version FROM schema_migrations ORDER BY version").decode(String.self) {
                versions.append(version)
            }
            var boxes = -1
            for try await count in try await client.query("SELECT count(*) FROM boxes").decode(Int.self) { boxes = count }
            return (versions, boxes)
        }
        // Every file in Migrations/, each once.
        let files = try FileManager.default.contentsOfDirectory(atPath: URL(filePath: #filePath)
            .deletingLastPathComponent().appending(path: "../../Sources/IntelliDineCloud/Migrations").path)
        #expect(versions == files.filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }.sorted())
        #expect(versions.count >= 2)
        #expect(boxes == 0)
    }

    @Test("A box's key is sealed to its own row: opened with the master key, refused under another box id or another master key")
    func sealedKeys() throws {
        let master = MasterKey(key: SymmetricKey(size: .bits256))
        let secret = Array("a".utf8) + Array(repeating: UInt8(ascii: "7"), count: 63)
        let sealed = try master.seal(secret, boxId: "box-a")
        #expect(!sealed.contains(subsequence: secret))
        #expect(try master.open(sealed, boxId: "box-a").withUnsafeBytes { Array($0) } == secret)
        #expect(throws: (any Error).self) { try master.open(sealed, boxId: "box-b") }
        #expect(throws: (any Error).self) { try MasterKey(key: SymmetricKey(size: .bits256)).open(sealed, boxId: "box-a") }
    }

    @Test("The ingest signature: sha256=<hex HMAC> of the raw body; any other body, key or form is refused")
    func signature() {
        let key = SymmetricKey(data: Array("k".utf8))
        let body = Array(#"{"box_id":"a","batch_id":"b","events":[]}"#.utf8)
        let header = IngestContract.signature(body, secret: key)
        #expect(header == "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: key).map { String(format: "%02x", $0) }.joined())
        #expect(IngestContract.isSigned(body, header: header, secret: key))
        #expect(!IngestContract.isSigned(body + [0x20], header: header, secret: key))
        #expect(!IngestContract.isSigned(body, header: header, secret: SymmetricKey(data: Array("K".utf8))))
        #expect(!IngestContract.isSigned(body, header: String(header.dropLast(2)), secret: key))
        #expect(!IngestContract.isSigned(body, header: "md5=" + header.dropFirst(7), secret: key))
        #expect(!IngestContract.isSigned(body, header: "sha256=zz", secret: key))
    }

    @Test("database_url: user, password, host, port and database, or a Unix socket; anything else refused with the form")
    func databaseURL() throws {
        let url = try PostgresURL("postgres://hq:s%40cret@db.internal:6432/chain")
        #expect((url.user, url.password, url.host, url.port, url.database) == ("hq", "s@cret", "db.internal", 6432, "chain"))
        #expect(try PostgresURL("postgresql://hq@localhost/chain?host=/run/postgresql").socketPath == "/run/postgresql/.s.PGSQL.5432")
        #expect(throws: CloudConfigurationError.self) { try PostgresURL("mysql://hq@db/chain") }
        #expect(throws: CloudConfigurationError.self) {
            try CloudConfiguration.resolve(file: ["port": "99999"], environment: [:], flags: [:])
        }
        let resolved = try CloudConfiguration.resolve(
            file: ["port": "8100"], environment: ["INTELLIDINE_CLOUD_PORT": "8200", "INTELLIDINE_CLOUD_HOST": "127.0.0.1"], flags: ["port": "8300"])
        #expect(resolved.port == 8300 && resolved.host == "127.0.0.1")
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<$0 + subsequence.count]) == subsequence }
    }
}
