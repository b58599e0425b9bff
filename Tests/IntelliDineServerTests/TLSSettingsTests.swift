import Foundation
import NIOCore
@testable import IntelliDineServer
import Testing

@Suite("HTTPS settings: the configuration's rules, which socket serves what, where plain HTTP sends guests")
struct TLSSettingsTests {
    func resolve(_ flags: [String: String]) throws -> ServerConfiguration {
        try ServerConfiguration.resolve(file: [:], environment: [:], flags: flags)
    }

    @Test("TLS needs both files, and an https public_url; without one it defaults to https on https_port")
    func configuration() throws {
        #expect(throws: ConfigurationError.self) { try resolve(["tls_cert_file": "/c.pem"]) }
        #expect(throws: ConfigurationError.self) { try resolve(["tls_key_file": "/k.pem"]) }
        do {
            _ = try resolve(["tls_cert_file": "/c.pem", "tls_key_file": "/k.pem", "public_url": "http://t5.example"])
            Issue.record("an http public_url was taken with TLS on")
        } catch {
            #expect("\(error)".contains("public_url is 'http://t5.example' but HTTPS is on"))
        }
        // Without public_url there is no address to redirect to that surely matches the certificate.
        #expect(throws: ConfigurationError.self) { try resolve(["tls_cert_file": "/c.pem", "tls_key_file": "/k.pem"]) }
        let tls = try resolve(["tls_cert_file": "/c.pem", "tls_key_file": "/k.pem", "public_url": "https://t5.example/"])
        #expect(tls.tlsEnabled && tls.resolvedPublicURL == "https://t5.example" && tls.hstsMaxAgeSeconds == 31_536_000)
        #expect(try resolve([:]).resolvedPublicURL == "http://intellidine.local:8080")
        #expect(throws: ConfigurationError.self) { try resolve(["https_port": "70000"]) }
        #expect(throws: ConfigurationError.self) { try resolve(["tls_reload_check_seconds": "0"]) }
    }

    @Test("Passed sockets by name: https serves TLS, any other name plain HTTP; missing ones are bound from the configuration")
    func listenPlan() throws {
        let both = [SystemdSockets.Passed(socket: 3, name: "http"), .init(socket: 4, name: "https")]
        #expect(try ListenPlan.resolve(passed: both, host: "0.0.0.0", port: 8080, httpsPort: 8443, tls: true)
            == ListenPlan(http: .inherited(socket: 3, name: "http"), https: .inherited(socket: 4, name: "https")))
        // The unit of an older package names its one socket after itself.
        #expect(try ListenPlan.resolve(passed: [.init(socket: 3, name: "intellidine.socket")], host: "h", port: 1, httpsPort: 2, tls: true)
            == ListenPlan(http: .inherited(socket: 3, name: "intellidine.socket"), https: .address(host: "h", port: 2)))
        #expect(try ListenPlan.resolve(passed: [], host: "h", port: 1, httpsPort: 2, tls: false) == ListenPlan(http: .address(host: "h", port: 1), https: nil))
        #expect(throws: StartupRefusal.self) { try ListenPlan.resolve(passed: both, host: "h", port: 1, httpsPort: 2, tls: false) }
    }

    @Test("The redirect keeps the path and query, never another host; loopback health checks and the CA stay plain")
    func redirect() throws {
        let redirect = HTTPSRedirect(publicURL: "https://t5.example")
        #expect(redirect.location(for: "/table/tbl-005?tenant_id=t&x=1") == "https://t5.example/table/tbl-005?tenant_id=t&x=1")
        #expect(redirect.location(for: "//evil.example/x") == "https://t5.example/")
        #expect(redirect.location(for: "*") == "https://t5.example/")
        let loopback = try SocketAddress(ipAddress: "127.0.0.1", port: 5000)
        // IPv4 loopback through a dual-stack socket, as systemd's ListenStream=80 delivers it.
        #expect(redirect.servesPlain(path: "/metrics", remote: try SocketAddress(ipAddress: "::ffff:127.0.0.1", port: 5000)))
        let lan = try SocketAddress(ipAddress: "192.168.1.50", port: 5000)
        #expect(redirect.servesPlain(path: "/healthz", remote: loopback))
        #expect(redirect.servesPlain(path: "/metrics", remote: loopback))
        #expect(!redirect.servesPlain(path: "/metrics", remote: lan))
        #expect(!redirect.servesPlain(path: "/api/orders", remote: loopback))
        #expect(redirect.servesPlain(path: "/tls/ca.crt", remote: lan))
    }
}
