import ArgumentParser
import Foundation
import Hummingbird
import IntelliDineServer
import IntelliDineStore

/// `intellidine serve`: runs the daemon until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the daemon.")

    @Option(help: "Address to listen on (default 0.0.0.0).") var host: String?
    @Option(help: "Port to listen on (default 8080).") var port: Int?
    @Option(name: .customLong("https-port"), help: "Port for HTTPS when systemd passes no https socket (default 8443).") var httpsPort: Int?
    @Option(name: .customLong("tls-cert-file"), help: "PEM certificate chain; with --tls-key-file, turns HTTPS on.") var tlsCertFile: String?
    @Option(name: .customLong("tls-key-file"), help: "PEM private key (RSA or ECDSA) of the certificate.") var tlsKeyFile: String?
    @Option(name: .customLong("public-url"), help: "Where guests' phones reach the box (the QR codes' base).") var publicURL: String?
    @Option(name: .customLong("state-dir"), help: "Database, secrets and SMS spool (default ./var).") var stateDir: String?
    @Option(help: "A config file of 'key = value' lines.") var config: String?
    @Option(help: "The restaurant's time zone (default Asia/Kolkata).") var timezone: String?
    @Option(name: .customLong("rate-limit-per-minute"), help: "Requests per minute per subject; 0 is off.") var rateLimit: Int?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.") var logLevel: String?
    @Flag(help: "Create the demo restaurant if the box is empty.") var demo = false

    func run() async throws {
        // `systemctl reload` sends SIGHUP, whose default action ends the process. Ignore it from the
        // first instruction; the certificate reloader turns it into a reload once it runs.
        signal(SIGHUP, SIG_IGN)
        // Two malloc arenas, not glibc's eight per core: the daemon's threads (event loops, the
        // concurrency pool, the database's queues) otherwise each keep freed memory in an arena of
        // their own, a few MB of resident memory that no request needs (docs/architecture.md, "Memory").
        if ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil { Heap.capArenas(2) }
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.resolve(
                file: try config.map { try ServerConfiguration.parseFile(String(contentsOfFile: $0, encoding: .utf8)) } ?? [:],
                environment: ProcessInfo.processInfo.environment,
                flags: flags())
        } catch {
            // A refusal to start, like a bad certificate: exit 2, which systemd does not restart
            // (RestartPreventExitStatus=2), since only an edit of the configuration can fix it.
            FileHandle.standardError.write(Data("intellidine: \(error)\n".utf8))
            throw ExitCode(2)
        }
        // The journal under systemd, standard error otherwise.
        JournalLogHandler.bootstrap(level: configuration.logLevel)
        // One daemon per state directory: a second one (or a restore) would corrupt the other's view.
        guard let lock = try StateLock.acquire(stateDir: configuration.stateDir) else {
            FileHandle.standardError.write(Data("intellidine: another IntelliDine is already running on \(configuration.stateDir)\n".utf8))
            throw ExitCode(2)
        }
        defer { withExtendedLifetime(lock) {} }
        let daemon: IntelliDine
        do {
            daemon = try await IntelliDine.build(configuration)
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("intellidine: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as CertificatePairError {
            FileHandle.standardError.write(Data("intellidine: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as StartupRefusal {
            FileHandle.standardError.write(Data("intellidine: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if configuration.demo { printWelcome(configuration) }
        try await daemon.run()
    }

    private func flags() -> [String: String] {
        var flags: [String: String] = [:]
        flags["host"] = host
        flags["port"] = port.map(String.init)
        flags["https_port"] = httpsPort.map(String.init)
        flags["tls_cert_file"] = tlsCertFile
        flags["tls_key_file"] = tlsKeyFile
        flags["public_url"] = publicURL
        flags["state_dir"] = stateDir
        flags["timezone"] = timezone
        flags["rate_limit_per_minute"] = rateLimit.map(String.init)
        flags["log_level"] = logLevel
        if demo { flags["demo"] = "true" }
        return flags
    }

    private func printWelcome(_ config: ServerConfiguration) {
        let base = config.tlsEnabled ? config.resolvedPublicURL : "http://localhost:\(config.port)"
        var lines = [
            "", "IntelliDine is running (demo restaurant, state in \(config.stateDir))",
            "  Guest app:     \(base)/table/tbl-005?tenant_id=\(DemoRestaurant.tenantId)  (what table 5's QR code opens)",
            "  Kitchen:       \(base)/kitchen  (sign in as kitchen_staff1)",
            "  Health:        \(base)/healthz",
            "  Guest OTP:     POST \(base)/api/auth/customer/otp  (the demo journey with curl: docs/api.md)",
            "  Guest menu:    \(base)/api/menu/items?tenant_id=\(DemoRestaurant.tenantId)  (with the guest's token)",
            "  SMS spool:     \(config.resolvedSMSSpoolDir)  (OTP codes and order texts land here)",
            "  Staff logins (POST \(base)/api/auth/staff/login):",
        ]
        for staff in DemoRestaurant.staff {
            lines.append("    \(staff.role.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(staff.username) / \(staff.password)")
        }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n\n").utf8))
    }
}
