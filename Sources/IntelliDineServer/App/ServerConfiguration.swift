import Foundation
import IntelliDineDomain
import Logging

/// Everything `intellidine serve` can be told. Each key can come from the config file, an
/// `INTELLIDINE_<KEY>` environment variable or a flag; a flag beats the environment, which
/// beats the file, which beats the default.
public struct ServerConfiguration: Sendable {
    public var host = "0.0.0.0"
    public var port = 8080
    public var stateDir = "./var"
    /// The zone a restaurant created on this box gets (the demo restaurant); each restaurant keeps
    /// its own, which numbers its tickets by day and buckets its peaks and analytics.
    public var timezone = "Asia/Kolkata"
    /// Requests per minute per subject; 0 turns limiting off (benchmarks).
    public var rateLimitPerMinute = 60
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes = 64 * 1024
    /// Open connections per listening socket; past it the daemon stops accepting, and new ones
    /// wait in the kernel's queue until one closes. About 60 KB each, so a flood of connections
    /// cannot take the box's memory (a full restaurant's phones and screens hold a few hundred).
    public var maxConnections = 2_048
    /// Orders placed at the same moment share one transaction, up to this many; 1 turns group commit off.
    public var groupCommitMaxBatch = 64
    public var demo = false
    public var logLevel: Logger.Level = .info
    /// Where a JWT secret is read from; generated into the state directory when unset.
    public var jwtSecretFile: String?
    /// smstools3's outgoing spool; `<state_dir>/sms/outgoing` when unset.
    public var smsSpoolDir: String?
    /// A Twilio-compatible SMS API; the spool directory is used when unset.
    public var smsHTTPURL: String?
    public var smsHTTPAccountSID: String?
    public var smsHTTPAuthTokenFile: String?
    public var smsHTTPFrom: String?
    /// Forwarding to the cloud; off when `cloudURL` is unset.
    public var cloudURL: String?
    /// `http` (the ingest endpoint) or `kafka-rest` (a Kafka REST Proxy v2).
    public var cloudSink = "http"
    public var cloudBoxId: String?
    /// The HMAC key for the ingest signature; generated into the state directory when unset.
    public var cloudSecretFile: String?
    public var cloudTopicPrefix = "intellidine."
    public var cloudTimeoutSeconds = 30
    /// Where guests' phones reach this box (its LAN name or address): the base of the tables' QR
    /// codes. Unset: `http://intellidine.local` (the avahi name) on the configured port.
    public var publicURL: String?
    public var resolvedPublicURL: String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        return port == 80 ? "http://intellidine.local" : "http://intellidine.local:\(port)"
    }
    /// HTTPS (docs/operations/https.md): on when the certificate chain and key files are set; then
    /// plain HTTP redirects to `public_url`, which must be https.
    public var tlsCertFile: String?
    public var tlsKeyFile: String?
    public var tlsEnabled: Bool { tlsCertFile != nil }
    /// Where HTTPS listens when systemd passes no https socket.
    public var httpsPort = 8443
    /// `Strict-Transport-Security: max-age=` on HTTPS answers; 0 sends no header.
    public var hstsMaxAgeSeconds = 31_536_000
    /// A private CA's certificate (`intellidine tls self-signed`), offered at `/tls/ca.crt` so
    /// staff devices can trust it.
    public var tlsCAFile: String?
    /// How often the certificate files' modification times are checked for a renewal.
    public var tlsReloadCheckSeconds = 60
    /// Online payments through Razorpay; off unless the key id and key secret files are set.
    public var razorpayAPIURL = "https://api.razorpay.com"
    public var razorpayKeyIdFile: String?
    public var razorpayKeySecretFile: String?
    public var razorpayWebhookSecretFile: String?
    public var razorpayTimeoutSeconds = 10
    /// The longest a failing consumer (forwarder, notifier) waits between retries.
    public var retryCapSeconds = 300
    /// How long the forwarder may be quiet before it sends the cloud an empty batch (a heartbeat).
    public var cloudHeartbeatSeconds = 60
    /// No correct clock reads earlier (`ClockTrust`). Not a setting: tests that run a box in a past
    /// year lower it.
    public var clockFloor = ClockTrust.releaseFloor
    /// Exit (for systemd to restart) when the database file is deleted or replaced while open.
    /// Not a setting: in-process tests keep their process.
    public var exitWhenDatabaseVanishes = true

    public init() {}

    /// The keys, as written in the config file and (upper-cased) in the environment.
    public static let keys = [
        "host", "port", "state_dir", "timezone", "rate_limit_per_minute", "max_body_bytes", "max_connections", "group_commit_max_batch", "demo", "log_level",
        "jwt_secret_file", "sms_spool_dir", "sms_http_url", "sms_http_account_sid", "sms_http_auth_token_file",
        "sms_http_from", "cloud_url", "cloud_sink", "cloud_box_id", "cloud_secret_file", "cloud_topic_prefix",
        "cloud_timeout_seconds", "cloud_heartbeat_seconds", "retry_cap_seconds", "razorpay_api_url", "razorpay_key_id_file", "razorpay_key_secret_file",
        "razorpay_webhook_secret_file", "razorpay_timeout_seconds", "public_url",
        "tls_cert_file", "tls_key_file", "https_port", "hsts_max_age_seconds", "tls_ca_file", "tls_reload_check_seconds",
    ]

    public var databasePath: String { (stateDir as NSString).appendingPathComponent("db/intellidine.sqlite") }
    public var secretsDir: String { (stateDir as NSString).appendingPathComponent("secrets") }
    public var resolvedSMSSpoolDir: String { smsSpoolDir ?? (stateDir as NSString).appendingPathComponent("sms/outgoing") }
    /// Dish photos, as managers upload them (served at `/photos/...`).
    public var photosDir: String { (stateDir as NSString).appendingPathComponent("photos") }

    /// Builds the configuration from the three sources; unknown keys and bad values are errors,
    /// so a typo in a config file is reported rather than ignored.
    public static func resolve(
        file: [String: String], environment: [String: String], flags: [String: String]
    ) throws -> ServerConfiguration {
        let merged = KeyValueFile.merge(file: file, environment: environment, prefix: "INTELLIDINE_", keys: keys, flags: flags)
        var config = ServerConfiguration()
        for (key, value) in merged {
            try config.set(key, value)
        }
        guard TimeZone(identifier: config.timezone) != nil else {
            throw ConfigurationError.invalidValue(key: "timezone", value: config.timezone)
        }
        try config.checkTLS()
        return config
    }

    /// HTTPS needs both files, and guests must be sent to an https address.
    private func checkTLS() throws {
        switch (tlsCertFile, tlsKeyFile) {
        case (nil, nil): return
        case (nil, _): throw ConfigurationError.conflict("tls_key_file is set without tls_cert_file: HTTPS needs both")
        case (_, nil): throw ConfigurationError.conflict("tls_cert_file is set without tls_key_file: HTTPS needs both")
        default: break
        }
        guard let publicURL else {
            throw ConfigurationError.conflict(
                "HTTPS is on (tls_cert_file) but public_url is not set: set it to the https address guests' phones open "
                    + "(https://NAME, the name in the certificate); plain HTTP redirects there and the tables' QR codes carry it")
        }
        if !publicURL.hasPrefix("https://") {
            throw ConfigurationError.conflict(
                "public_url is '\(publicURL)' but HTTPS is on (tls_cert_file): public_url must start with https://, "
                    + "since plain HTTP redirects there and the tables' QR codes carry it")
        }
    }

    private mutating func set(_ key: String, _ value: String) throws {
        func int() throws -> Int {
            guard let number = Int(value), number >= 0 else { throw ConfigurationError.invalidValue(key: key, value: value) }
            return number
        }
        switch key {
        case "host": host = value
        case "port":
            port = try int()
            guard port <= 65_535 else { throw ConfigurationError.invalidValue(key: key, value: value) }
        case "state_dir": stateDir = value
        case "timezone": timezone = value
        case "rate_limit_per_minute": rateLimitPerMinute = try int()
        case "max_body_bytes": maxBodyBytes = try int()
        case "max_connections":
            maxConnections = try int()
            guard (1...1_000_000).contains(maxConnections) else { throw ConfigurationError.invalidValue(key: key, value: value) }
        case "group_commit_max_batch":
            groupCommitMaxBatch = try int()
            guard (1...1_000).contains(groupCommitMaxBatch) else { throw ConfigurationError.invalidValue(key: key, value: value) }
        case "demo":
            guard let flag = ["true": true, "1": true, "yes": true, "false": false, "0": false, "no": false][value.lowercased()]
            else { throw ConfigurationError.invalidValue(key: key, value: value) }
            demo = flag
        case "log_level":
            guard let level = Logger.Level(rawValue: value.lowercased()) else { throw ConfigurationError.invalidValue(key: key, value: value) }
            logLevel = level
        case "jwt_secret_file": jwtSecretFile = value
        case "sms_spool_dir": smsSpoolDir = value
        case "sms_http_url": smsHTTPURL = value
        case "sms_http_account_sid": smsHTTPAccountSID = value
        case "sms_http_auth_token_file": smsHTTPAuthTokenFile = value
        case "sms_http_from": smsHTTPFrom = value
        case "cloud_url": cloudURL = value
        case "cloud_sink":
            guard ["http", "kafka-rest"].contains(value) else { throw ConfigurationError.invalidValue(key: key, value: value) }
            cloudSink = value
        case "cloud_box_id": cloudBoxId = value
        case "cloud_secret_file": cloudSecretFile = value
        case "cloud_topic_prefix": cloudTopicPrefix = value
        case "cloud_heartbeat_seconds":
            cloudHeartbeatSeconds = try int()
            guard (1...3_600).contains(cloudHeartbeatSeconds) else { throw ConfigurationError.invalidValue(key: key, value: value) }
        case "retry_cap_seconds":
            retryCapSeconds = try int()
            guard retryCapSeconds > 0 else { throw ConfigurationError.invalidValue(key: key, value: value) }
        case "cloud_timeout_seconds":
            cloudTimeoutSeconds = try int()
            guard cloudTimeoutSeconds > 0 else { throw ConfigurationError.invalidValue(key: key, value: value) }
        case "public_url":
            guard value.hasPrefix("http://") || value.hasPrefix("https://") else { throw ConfigurationError.invalidValue(key: key, value: value) }
            publicURL = value
        case "tls_cert_file": tlsCertFile = value
        case "tls_key_file": tlsKeyFile = value
        case "tls_ca_file": tlsCAFile = value
        case "https_port":
            httpsPort = try int()
            guard httpsPort <= 65_535 else { throw ConfigurationError.invalidValue(key: key, value: value) }
        case "hsts_max_age_seconds": hstsMaxAgeSeconds = try int()
        case "tls_reload_check_seconds":
            tlsReloadCheckSeconds = try int()
            guard tlsReloadCheckSeconds > 0 else { throw ConfigurationError.invalidValue(key: key, value: value) }
        case "razorpay_api_url": razorpayAPIURL = value
        case "razorpay_key_id_file": razorpayKeyIdFile = value
        case "razorpay_key_secret_file": razorpayKeySecretFile = value
        case "razorpay_webhook_secret_file": razorpayWebhookSecretFile = value
        case "razorpay_timeout_seconds":
            razorpayTimeoutSeconds = try int()
            guard razorpayTimeoutSeconds > 0 else { throw ConfigurationError.invalidValue(key: key, value: value) }
        default: throw ConfigurationError.unknownKey(key)
        }
    }

    /// Reads a config file of `key = value` lines; `#` starts a comment, values may be quoted.
    public static func parseFile(_ text: String) throws -> [String: String] {
        do { return try KeyValueFile.parse(text) } catch { throw ConfigurationError.badLine(error.number) }
    }
}

/// A configuration that cannot be used, said plainly.
public enum ConfigurationError: Error, CustomStringConvertible {
    case unknownKey(String)
    case invalidValue(key: String, value: String)
    case badLine(Int)
    case unreadableSecret(String)
    case conflict(String)

    public var description: String {
        switch self {
        case .unknownKey(let key): "Unknown configuration key '\(key)'. Known keys: \(ServerConfiguration.keys.joined(separator: ", "))."
        case .invalidValue(let key, let value): "Configuration key '\(key)' has an invalid value '\(value)'."
        case .badLine(let line): "Config file line \(line) is not 'key = value'."
        case .unreadableSecret(let path): "The secret file \(path) cannot be read or is empty."
        case .conflict(let reason): "Configuration: \(reason)."
        }
    }
}
