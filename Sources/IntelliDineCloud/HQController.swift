import Foundation
import HTTPTypes
import Hummingbird
import IntelliDineDomain
import NIOCore

/// Head office's API and pages (docs/cloud.md, "HQ"): sign-in, the fleet, the chain over a date
/// range, and the accountant's CSV. Pages are static files with a strict CSP, as on the box.
struct HQController: Sendable {
    let reads: HQReads
    let accounts: HQAccounts
    let throttle = LoginThrottle()
    static let cookie = "hq_session"
    static let pages: [String: String] = ["index.html": "text/html; charset=utf-8", "hq.js": "text/javascript; charset=utf-8", "hq.css": "text/css; charset=utf-8"]
    static let securityHeaders: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]

    func register(on router: Router<BasicRequestContext>) {
        router.post("/hq/api/login") { request, _ in try await login(request) }
        router.post("/hq/api/logout") { request, _ in
            if let token = Self.token(request) { try await accounts.signOut(token: token) }
            return Response(status: .noContent, headers: [.setCookie: clearCookie])
        }
        router.get("/hq/api/me") { request, _ in
            try await signedIn(request) { user in CloudAnswer.json(.ok, try Self.encode(["username": user])) }
        }
        router.get("/hq/api/fleet") { request, _ in
            try await signedIn(request) { _ in
                struct Fleet: Encodable { var generated_at: String; var behind_after_minutes: Int64; var boxes: [HQReads.FleetBox] }
                return CloudAnswer.json(.ok, try Self.encode(Fleet(
                    generated_at: Timestamps.string(Date()), behind_after_minutes: HQReads.behindAfterSeconds / 60, boxes: try await reads.fleet())))
            }
        }
        router.get("/hq/api/chain") { request, _ in
            try await signedIn(request) { _ in
                guard let (from, to) = Self.range(request) else { return Self.badRange }
                struct Chain: Encodable { var from, to: String; var restaurants: [HQReads.Restaurant] }
                return CloudAnswer.json(.ok, try Self.encode(Chain(from: from, to: to, restaurants: try await reads.chain(from: from, to: to))))
            }
        }
        router.get("/hq/api/export") { request, _ in
            try await signedIn(request) { _ in
                guard let (from, to) = Self.range(request) else { return Self.badRange }
                let kind = request.uri.queryParameters.get("kind") ?? ""
                guard let csv = try await reads.export(kind, from: from, to: to) else {
                    return CloudAnswer.error(.unprocessableContent, "VALIDATION_ERROR", "kind must be orders, payments or invoices")
                }
                return Response(status: .ok, headers: [
                    .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                    .contentDisposition: "attachment; filename=\"\(kind)-\(from)-\(to).csv\"",
                ], body: .init(byteBuffer: ByteBuffer(string: csv)))
            }
        }
        // One route for "/hq" and "/hq/" (the router treats them alike): the pages' relative links
        // need the slash.
        router.get("/hq/") { request, _ in
            request.uri.path.hasSuffix("/") ? page("index.html") : Response(status: .seeOther, headers: [.location: "/hq/"])
        }
        router.get("/hq/:file") { _, context in page(context.parameters.get("file") ?? "") }
    }

    func login(_ request: Request) async throws -> Response {
        struct Credentials: Decodable { var username: String; var password: String }
        guard let credentials = try? JSONDecoder().decode(Credentials.self, from: try await request.body.collect(upTo: 4_096)) else {
            return CloudAnswer.error(.badRequest, "BAD_REQUEST", "Send {\"username\", \"password\"}")
        }
        if let wait = await throttle.wait(for: credentials.username) {
            var response = CloudAnswer.error(.tooManyRequests, "TOO_MANY_ATTEMPTS", "Too many wrong passwords; try again in \(wait / 60 + 1) minutes")
            response.headers[.retryAfter] = String(wait)
            return response
        }
        guard let token = try await accounts.signIn(credentials.username, password: credentials.password) else {
            await throttle.failed(credentials.username)
            return CloudAnswer.error(.unauthorized, "BAD_CREDENTIALS", "Wrong username or password")
        }
        await throttle.succeeded(credentials.username)
        // Always Secure: HQ is served over HTTPS (here or at a proxy in front), and browsers keep
        // Secure cookies from http://localhost and 127.0.0.1 too.
        let cookie = "\(Self.cookie)=\(token); Path=/hq; HttpOnly; SameSite=Strict; Max-Age=43200; Secure"
        return CloudAnswer.json(.ok, try Self.encode(["username": credentials.username]), headers: [.setCookie: cookie])
    }

    var clearCookie: String { "\(Self.cookie)=; Path=/hq; HttpOnly; SameSite=Strict; Max-Age=0; Secure" }

    func signedIn(_ request: Request, _ body: (String) async throws -> Response) async throws -> Response {
        guard let token = Self.token(request), let user = try await accounts.user(token: token) else {
            return CloudAnswer.error(.unauthorized, "SIGN_IN", "Sign in first")
        }
        return try await body(user)
    }

    static func token(_ request: Request) -> String? {
        request.headers[values: .cookie].flatMap { $0.split(separator: ";") }.lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix(cookie + "=") }
            .map { String($0.dropFirst(cookie.count + 1)) }
    }

    /// `from` and `to` as local dates, `to` not before `from`, at most 366 days.
    static func range(_ request: Request) -> (String, String)? {
        let query = request.uri.queryParameters
        guard let from = query.get("from"), let to = query.get("to"), let range = try? LocalDateRange(from: from, to: to) else { return nil }
        return (range.from, range.to)
    }

    static let badRange = CloudAnswer.error(.unprocessableContent, "VALIDATION_ERROR", "from and to are dates (YYYY-MM-DD), to not before from, at most 366 days")

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func page(_ name: String) -> Response {
        guard let type = Self.pages[name], let url = Bundle.module.url(forResource: "Web/" + name, withExtension: nil),
              let data = FileManager.default.contents(atPath: url.path)
        else { return Response(status: .notFound) }
        var headers = Self.securityHeaders
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Five wrong passwords for a username within 15 minutes lock it for the rest of those minutes:
/// each attempt costs a bcrypt, so guessing is slow and cannot load the CPU for long. Per process
/// (each replica counts its own), which bounds a guesser at five tries per replica per window.
actor LoginThrottle {
    static let limit = 5
    static let window: TimeInterval = 15 * 60
    private var failures: [String: [Date]] = [:]

    /// Seconds to wait, when locked.
    func wait(for username: String, now: Date = Date()) -> Int? {
        let recent = (failures[username] ?? []).filter { now.timeIntervalSince($0) < Self.window }
        failures[username] = recent.isEmpty ? nil : recent
        guard recent.count >= Self.limit, let first = recent.first else { return nil }
        return max(1, Int(Self.window - now.timeIntervalSince(first)))
    }

    func failed(_ username: String, now: Date = Date()) { failures[username, default: []].append(now) }
    func succeeded(_ username: String) { failures[username] = nil }
}
