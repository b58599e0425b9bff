import Foundation
import Hummingbird
import IntelliDineDomain
import HummingbirdTLS
import Logging
import NIOSSL
import PostgresNIO
import ServiceLifecycle

/// `intellidine-cloud serve`: the ingest endpoint and HQ, over a pooled Postgres client. The
/// process keeps no state of its own, so any number of them can run behind a load balancer.
public struct IntelliDineCloud: Sendable {
    public let configuration: CloudConfiguration
    public let client: PostgresClient
    let logger: Logger

    public init(configuration: CloudConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        client = PostgresClient(configuration: try Self.postgres(configuration), backgroundLogger: logger)
    }

    static func postgres(_ configuration: CloudConfiguration) throws -> PostgresClient.Configuration {
        let url = try PostgresURL(configuration.databaseURL)
        var postgres = if let socket = url.socketPath {
            PostgresClient.Configuration(unixSocketPath: socket, username: url.user, password: url.password, database: url.database)
        } else {
            PostgresClient.Configuration(host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable)
        }
        postgres.options.maximumConnections = configuration.maxConnections
        postgres.options.connectTimeout = .seconds(5)
        return postgres
    }

    /// Runs `body` with the client running, then stops it.
    public func withClient<T: Sendable>(_ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    public func migrate() async throws { try await Migrator.migrate(client, logger: logger) }

    /// The HTTP application: ingest and HQ.
    public func application(master: MasterKey, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let router = Router()
        router.get("/healthz") { _, _ in CloudAnswer.json(.ok, #"{"status":"ok"}"#) }
        let registry = BoxRegistry(client: client, master: master, logger: logger)
        IngestController(registry: registry, store: IngestStore(client: client, logger: logger), maxBodyBytes: configuration.maxBodyBytes, logger: logger)
            .register(on: router)
        HQController(reads: HQReads(client: client, logger: logger), accounts: HQAccounts(client: client, logger: logger)).register(on: router)
        let server = ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil)
        let tls: TLSConfiguration? = try configuration.tlsCertFile.map { cert in
            TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: configuration.tlsKeyFile!, format: .pem)))
        }
        var app = Application(
            router: router, server: try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(), configuration: server,
            onServerRunning: { await onServerRunning($0.localAddress?.port ?? 0) }, logger: logger)
        app.addServices(client)
        return app
    }
}

extension IntelliDineCloud {
    public func registry(master: MasterKey) -> BoxRegistry { BoxRegistry(client: client, master: master, logger: logger) }
    public var accounts: HQAccounts { HQAccounts(client: client, logger: logger) }
}

extension CloudConfiguration {
    /// Reads a config file of `key = value` lines.
    public static func parseFile(_ text: String) throws -> [String: String] {
        do { return try KeyValueFile.parse(text) } catch { throw CloudConfigurationError("line \(error.number) is not 'key = value'") }
    }
}
