import Foundation
import IntelliDineDomain
import Logging

/// Everything `intellidine-cloud` can be told (docs/cloud.md, "Configuration"): from a file of
/// `key = value` lines, `INTELLIDINE_CLOUD_<KEY>` environment variables and flags, in that order,
/// as the box reads its own.
public struct CloudConfiguration: Sendable {
    /// `postgres://user:password@host:port/database`; `?host=/run/postgresql` for a Unix socket.
    public var databaseURL = "postgres://intellidine@127.0.0.1:5432/intellidine"
    public var host = "0.0.0.0"
    public var port = 8090
    public var tlsCertFile: String?
    public var tlsKeyFile: String?
    /// 32 random bytes (64 hex characters) that seal the boxes' keys in the database.
    public var credentialsFile = "/etc/intellidine-cloud/master.key"
    /// A box's batch is at most 1 MiB (docs/cloud-ingest.md); anything larger is refused with 413.
    public var maxBodyBytes = 2 << 20
    public var maxConnections = 20
    public var logLevel: Logger.Level = .info

    public static let keys = [
        "database_url", "host", "port", "tls_cert_file", "tls_key_file", "credentials_file", "max_body_bytes", "max_connections", "log_level",
    ]

    public init() {}

    public static func resolve(file: [String: String], environment: [String: String], flags: [String: String]) throws -> CloudConfiguration {
        var config = CloudConfiguration()
        for (key, value) in KeyValueFile.merge(file: file, environment: environment, prefix: "INTELLIDINE_CLOUD_", keys: keys, flags: flags) {
            try config.set(key, value)
        }
        guard (config.tlsCertFile == nil) == (config.tlsKeyFile == nil) else {
            throw CloudConfigurationError("tls_cert_file and tls_key_file go together")
        }
        _ = try PostgresURL(config.databaseURL)
        return config
    }

    mutating func set(_ key: String, _ value: String) throws {
        func int(_ range: ClosedRange<Int>) throws -> Int {
            guard let number = Int(value), range.contains(number) else { throw CloudConfigurationError("\(key) must be a number in \(range), not '\(value)'") }
            return number
        }
        switch key {
        case "database_url": databaseURL = value
        case "host": host = value
        case "port": port = try int(0...65_535)
        case "tls_cert_file": tlsCertFile = value
        case "tls_key_file": tlsKeyFile = value
        case "credentials_file": credentialsFile = value
        case "max_body_bytes": maxBodyBytes = try int(1_024...(64 << 20))
        case "max_connections": maxConnections = try int(1...500)
        case "log_level":
            guard let level = Logger.Level(rawValue: value) else { throw CloudConfigurationError("log_level '\(value)' is not a level") }
            logLevel = level
        default: throw CloudConfigurationError("unknown key '\(key)'; known keys: \(Self.keys.joined(separator: ", "))")
        }
    }
}

public struct CloudConfigurationError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = "configuration: " + description }
}

/// A `postgres://` URL taken apart for postgres-nio.
public struct PostgresURL: Sendable, Equatable {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// A Unix socket's directory, from `?host=/dir` (libpq's convention).
    public var socketDirectory: String?

    public init(_ text: String) throws {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
              let user = url.user, !user.isEmpty
        else { throw CloudConfigurationError("database_url must be postgres://user[:password]@host[:port]/database") }
        self.user = user.removingPercentEncoding ?? user
        password = url.password?.removingPercentEncoding
        host = url.host ?? "127.0.0.1"
        port = url.port ?? 5432
        database = String(url.path.dropFirst()).isEmpty ? user : String(url.path.dropFirst())
        socketDirectory = url.queryItems?.first { $0.name == "host" }?.value
    }

    /// The socket file libpq would use: `<dir>/.s.PGSQL.<port>`.
    public var socketPath: String? { socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } }
}
