import ArgumentParser
import Foundation
import Hummingbird
import IntelliDineCloud
import Logging

/// `intellidine-cloud`: head office's end of the boxes' write-ahead queue (docs/cloud.md).
@main
struct CloudCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intellidine-cloud",
        abstract: "Receive every box's events exactly once into PostgreSQL, and serve head office.",
        subcommands: [Serve.self, Migrate.self, Box.self, User.self],
        defaultSubcommand: Serve.self)
}

/// What every subcommand reads: the file, the environment, the flags.
struct Settings: ParsableArguments {
    @Option(help: "A config file of 'key = value' lines.") var config: String?
    @Option(name: .customLong("database-url"), help: "postgres://user[:password]@host[:port]/database[?host=/socket/dir]") var databaseURL: String?
    @Option(name: .customLong("credentials-file"), help: "The master key that seals box keys (64 hex characters).") var credentialsFile: String?
    @Option(help: "Address to listen on (default 0.0.0.0).") var host: String?
    @Option(help: "Port to listen on (default 8090).") var port: Int?
    @Option(name: .customLong("tls-cert-file"), help: "PEM certificate chain; with --tls-key-file, turns HTTPS on.") var tlsCertFile: String?
    @Option(name: .customLong("tls-key-file"), help: "PEM private key of the certificate.") var tlsKeyFile: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.") var logLevel: String?

    func resolve() throws -> CloudConfiguration {
        var flags: [String: String] = [:]
        flags["database_url"] = databaseURL
        flags["credentials_file"] = credentialsFile
        flags["host"] = host
        flags["port"] = port.map(String.init)
        flags["tls_cert_file"] = tlsCertFile
        flags["tls_key_file"] = tlsKeyFile
        flags["log_level"] = logLevel
        do {
            let file = try config.map { try CloudConfiguration.parseFile(String(contentsOfFile: $0, encoding: .utf8)) } ?? [:]
            return try CloudConfiguration.resolve(file: file, environment: ProcessInfo.processInfo.environment, flags: flags)
        } catch {
            // A configuration only an edit can fix: exit 2, which systemd does not restart.
            FileHandle.standardError.write(Data("intellidine-cloud: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Runs `body` with a Postgres client for the configuration, migrated first.
    func withCloud<T: Sendable>(_ body: @Sendable (IntelliDineCloud, CloudConfiguration) async throws -> T) async throws -> T {
        let configuration = try resolve()
        var logger = Logger(label: "intellidine-cloud")
        logger.logLevel = configuration.logLevel
        let cloud = try IntelliDineCloud(configuration: configuration, logger: logger)
        return try await cloud.withClient { _ in
            try await cloud.migrate()
            return try await body(cloud, configuration)
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the ingest endpoint and HQ.")
    @OptionGroup var settings: Settings

    func run() async throws {
        let configuration = try settings.resolve()
        var logger = Logger(label: "intellidine-cloud")
        logger.logLevel = configuration.logLevel
        let master = try MasterKey.load(configuration.credentialsFile)
        // Migrated over a client of its own: a PostgresClient runs once, and the server's runs as a service.
        let migrating = try IntelliDineCloud(configuration: configuration, logger: logger)
        try await migrating.withClient { _ in try await migrating.migrate() }
        let cloud = try IntelliDineCloud(configuration: configuration, logger: logger)
        let app = try cloud.application(master: master) { port in
            // One line the tests and the operator read: where it listens.
            FileHandle.standardOutput.write(Data("intellidine-cloud listening on \(configuration.host):\(port)\n".utf8))
        }
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the database migrations and exit.")
    @OptionGroup var settings: Settings
    func run() async throws { try await settings.withCloud { _, _ in } }
}

struct Box: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Register, list and revoke boxes.", subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a box; prints its key once, with the lines for the box.")
        @OptionGroup var settings: Settings
        @Option(name: .customLong("box-id"), help: "The box's cloud_box_id.") var boxId: String
        @Option(help: "The restaurant's name, as HQ shows it.") var name: String
        @Option(help: "The restaurant's time zone (default Asia/Kolkata).") var timezone = "Asia/Kolkata"
        @Option(name: .customLong("cloud-url"), help: "The address boxes reach this service at, for the printed lines.") var cloudURL = "https://hq.example.com"

        func run() async throws {
            let (boxId, name, timezone, cloudURL) = (boxId, name, timezone, cloudURL)
            let key = try await settings.withCloud { cloud, configuration in
                let master = try MasterKey.load(configuration.credentialsFile)
                return try await cloud.registry(master: master).add(boxId: boxId, name: name, timezone: timezone)
            }
            print("""
                Box \(boxId) registered. Its key is shown only now.

                On the box, as root:
                  install -d -m 700 -o intellidine /etc/intellidine
                  printf '%s' '\(key)' > /etc/intellidine/cloud-secret
                  chown intellidine /etc/intellidine/cloud-secret && chmod 600 /etc/intellidine/cloud-secret

                and in /etc/intellidine/intellidine.conf:
                  cloud_url = \(cloudURL)
                  cloud_box_id = \(boxId)
                  cloud_secret_file = /etc/intellidine/cloud-secret
                """)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the boxes.")
        @OptionGroup var settings: Settings

        func run() async throws {
            let boxes = try await settings.withCloud { cloud, configuration in
                try await cloud.registry(master: MasterKey.load(configuration.credentialsFile)).list()
            }
            for box in boxes {
                print([box.boxId, box.name, box.timezone, box.revoked ? "revoked" : "active",
                       box.lastContact.map { "last contact \($0.formatted(.iso8601))" } ?? "never seen", "\(box.eventsReceived) events"].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refuse a box's batches from now on (its stored events stay).")
        @OptionGroup var settings: Settings
        @Option(name: .customLong("box-id")) var boxId: String

        func run() async throws {
            let boxId = boxId
            try await settings.withCloud { cloud, configuration in
                try await cloud.registry(master: MasterKey.load(configuration.credentialsFile)).revoke(boxId: boxId)
            }
            print("Box \(boxId) revoked.")
        }
    }
}

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Head-office users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user, or set a new password; the password is read from standard input.")
        @OptionGroup var settings: Settings
        @Option var username: String

        func run() async throws {
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                FileHandle.standardError.write(Data("intellidine-cloud: type the password on standard input\n".utf8))
                throw ExitCode(2)
            }
            let username = username
            try await settings.withCloud { cloud, _ in try await cloud.accounts.setUser(username, password: password) }
            print("User \(username) can sign in.")
        }
    }
}
