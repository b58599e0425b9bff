import NIOCore

/// What plain HTTP answers once HTTPS is on: a 308 to the same path and query under `public_url`
/// (308, unlike 301, keeps the method and body, so a POST is not turned into a GET).
///
/// Two kinds of request are still served plain: health checks and metrics asked from the box
/// itself (a local Prometheus or `curl` needs no certificate), and the private CA's certificate,
/// which a staff device has to fetch before it can trust HTTPS at all (its fingerprint is checked
/// by hand; docs/operations/https.md, "The no-domain fallback").
struct HTTPSRedirect: Sendable {
    /// `https://…`, without a trailing slash.
    let publicURL: String

    static let loopbackPaths: Set<String> = ["/healthz", "/readyz", "/metrics"]
    static let plainPaths: Set<String> = [TLSController.caPath]

    /// True when the request is answered by the app itself rather than redirected.
    func servesPlain(path: String, remote: SocketAddress?) -> Bool {
        if Self.plainPaths.contains(path) { return true }
        return Self.loopbackPaths.contains(path) && remote?.isLoopback == true
    }

    /// The redirect's target for a request target as sent (`/path?query`). Anything that is not
    /// origin-form (an absolute URL, `*`) goes to the front page rather than being echoed.
    func location(for target: String) -> String {
        target.hasPrefix("/") && !target.hasPrefix("//") ? publicURL + target : publicURL + "/"
    }
}
