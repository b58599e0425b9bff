import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Serves the guest app (`/table/{table_id}?tenant_id=`), the kitchen display (`/kitchen`) and
/// their assets from the package's `Web` resources, held in memory: the box serves them with the
/// internet down, and nothing is fetched from anywhere else.
///
/// Assets are referenced with a content hash (`/assets/table.js?v=…`), so they are cached for a
/// year and a new version is fetched the moment it exists; pages are revalidated with an ETag.
/// Each is gzipped once at start and sent so to any browser that accepts it.
/// Every page carries a Content-Security-Policy that allows only the box's own scripts, styles
/// and connections: a guest's text can never run as script, even if a page forgot to escape it.
struct WebController {
    struct Asset: Sendable {
        var body: ByteBuffer
        /// The same bytes gzipped, when that is smaller.
        var gzipped: ByteBuffer?
        var contentType: String
        var etag: String
        var version: String
    }

    static let contentSecurityPolicy = policy(allowingRazorpay: false)

    /// The guest app may also load Razorpay Checkout (its script, its payment frame) when online
    /// payment is configured; nothing else ever comes from outside the box.
    static func policy(allowingRazorpay: Bool) -> String {
        let razorpay = allowingRazorpay
        return [
            "default-src 'none'", "script-src 'self'" + (razorpay ? " https://checkout.razorpay.com" : ""), "style-src 'self'",
            "img-src 'self' data:" + (razorpay ? " https:" : ""), "connect-src 'self'" + (razorpay ? " https://lumberjack.razorpay.com" : ""),
            "media-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
        ].joined(separator: "; ") + (razorpay ? "; frame-src https://api.razorpay.com https://checkout.razorpay.com" : "")
    }

    let pages: [String: Asset]
    let assets: [String: Asset]
    let onlinePayment: Bool

    init(logger: Logger, onlinePayment: Bool = false) throws {
        self.onlinePayment = onlinePayment
        guard let directory = Bundle.module.url(forResource: "Web", withExtension: nil) else {
            throw ConfigurationError.invalidValue(key: "resources", value: "the Web resources are missing from the installation")
        }
        var assets: [String: Asset] = [:]
        var pageSources: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            if name.hasSuffix(".html") { pageSources[name] = data } else { assets[name] = Self.asset(data, name: name) }
        }
        // Pages point at the current version of each asset.
        var pages: [String: Asset] = [:]
        for (name, data) in pageSources {
            var html = String(decoding: data, as: UTF8.self)
            for (assetName, asset) in assets {
                html = html.replacingOccurrences(of: "/assets/\(assetName)\"", with: "/assets/\(assetName)?v=\(asset.version)\"")
            }
            pages[name] = Self.asset(Data(html.utf8), name: name)
        }
        self.pages = pages
        self.assets = assets
        logger.info("web resources loaded", metadata: ["from": "\(directory.path)", "pages": "\(pages.count)", "assets": "\(assets.count)"])
    }

    func register(on routes: APIRoutes) {
        routes.get("/", use: page("index.html"))
        routes.get("/kitchen", use: page("kitchen.html"))
        routes.get("/staff", use: page("staff.html"))
        routes.get("/setup", use: page("setup.html"))
        routes.get("/table/:table_id", use: page("table.html", policy: Self.policy(allowingRazorpay: onlinePayment)))
        routes.get("/assets/:name", use: asset)
    }

    private func page(_ name: String, policy: String = Self.contentSecurityPolicy) -> APIRoutes.Handler<Response> {
        let page = pages[name]
        return { request, _ in
            guard let page else { throw APIError(.notFound, "NOT_FOUND", "No such page") }
            var headers: HTTPFields = [.cacheControl: "no-cache", .contentSecurityPolicy: policy]
            headers[.referrerPolicy] = "no-referrer"
            return Self.respond(page, to: request, headers: headers)
        }
    }

    @Sendable func asset(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let asset = assets[try context.parameters.require("name")] else {
            throw APIError(.notFound, "NOT_FOUND", "No such file")
        }
        // Immutable only when asked for by this exact version; otherwise revalidate.
        let current = request.uri.queryParameters.get("v").map { String($0) } == asset.version
        return Self.respond(asset, to: request, headers: [
            .cacheControl: current ? "public, max-age=31536000, immutable" : "no-cache",
        ])
    }

    private static func respond(_ asset: Asset, to request: Request, headers: HTTPFields) -> Response {
        var headers = headers
        let gzip = asset.gzipped.flatMap { body in Self.acceptsGzip(request) ? body : nil }
        // Each encoding is its own representation, with its own strong ETag.
        let etag = gzip == nil ? asset.etag : String(asset.etag.dropLast()) + "-gz\""
        headers[.eTag] = etag
        headers[.vary] = "Accept-Encoding"
        headers[.xContentTypeOptions] = "nosniff"
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = asset.contentType
        if let gzip {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: gzip))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
    }

    /// `Accept-Encoding` names gzip with a non-zero weight (`gzip;q=0` refuses it).
    static func acceptsGzip(_ request: Request) -> Bool {
        guard let accepted = request.headers[.acceptEncoding] else { return false }
        return accepted.split(separator: ",").contains { coding in
            let parts = coding.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            return parts.first == "gzip" && !parts.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "q=0" }
        }
    }

    private static func asset(_ data: Data, name: String) -> Asset {
        let version = String(Array(SHA256.hash(data: data)).hexEncoded.prefix(12))
        let gzipped = Gzip.compress(Array(data)).flatMap { $0.count < data.count ? ByteBuffer(bytes: $0) : nil }
        return Asset(body: ByteBuffer(bytes: data), gzipped: gzipped, contentType: contentType(of: name), etag: "\"\(version)\"", version: version)
    }

    private static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
