/// Which sockets the daemon serves on and what each one serves, from the sockets systemd passed
/// and the configuration (docs/operations/https.md, "Sockets").
///
/// - With TLS off, one plain HTTP socket serves the app.
/// - With TLS on, HTTPS serves the app and plain HTTP answers with a redirect to it.
/// - A passed socket named `https` is the HTTPS one; any other passed socket is the HTTP one.
///   Missing sockets are bound from `host`, `port` and `https_port`.
struct ListenPlan: Equatable, Sendable {
    var http: ListenPlace
    var https: ListenPlace?

    static func resolve(passed: [SystemdSockets.Passed], host: String, port: Int, httpsPort: Int, tls: Bool) throws -> ListenPlan {
        let passedHTTPS = passed.first { $0.name == "https" }
        let passedHTTP = passed.first { $0.name != "https" }
        if passedHTTPS != nil, !tls {
            throw StartupRefusal(
                "systemd passed an https socket (intellidine-https.socket) but no certificate is configured: "
                    + "set tls_cert_file and tls_key_file, or disable intellidine-https.socket")
        }
        let http = passedHTTP.map { ListenPlace.inherited(socket: $0.socket, name: $0.name) } ?? .address(host: host, port: port)
        guard tls else { return ListenPlan(http: http, https: nil) }
        let https = passedHTTPS.map { ListenPlace.inherited(socket: $0.socket, name: $0.name) } ?? .address(host: host, port: httpsPort)
        return ListenPlan(http: http, https: https)
    }
}

/// A reason the daemon will not start, said plainly; `intellidine serve` prints it and exits 2.
public struct StartupRefusal: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
