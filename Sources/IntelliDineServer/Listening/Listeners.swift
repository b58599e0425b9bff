import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The listeners a plan asks for: the app on plain HTTP when TLS is off; otherwise the app on
/// HTTPS (with HSTS) and, on plain HTTP, the redirect to it.
struct Listeners {
    let plan: ListenPlan
    let certificate: ServingCertificate?
    let redirect: HTTPSRedirect
    let hstsMaxAgeSeconds: Int
    let maxConnections: Int

    /// Garbage, plain HTTP on the TLS port and stalled handshakes are closed after this.
    static let handshakeTimeout: TimeAmount = .seconds(10)
    /// A new connection must have sent its first request head by then (slowloris).
    static let requestHeadTimeout: TimeAmount = .seconds(30)
    /// A kept-alive connection with no request in flight is closed after this.
    static let idleTimeout: TimeAmount = .seconds(75)
    static let serverName = "IntelliDine"

    /// One service per socket; `onListening` runs once all of them accept connections.
    func services(responder: RouterResponder<AppRequestContext>, logger: Logger, onListening: @escaping @Sendable () -> Void) -> [any Service] {
        let latch = ListeningLatch(count: plan.https == nil ? 1 : 2, then: onListening)
        guard let httpsPlace = plan.https, let certificate else {
            let app = Self.appChannel(responder, logger: logger, extraHeaders: [:])
            let child = RequestHeadDeadlineChannel(base: app, timeout: Self.requestHeadTimeout)
            PipelineWarmUp.warm(child, logger: logger)
            return [HTTPListener(
                place: plan.http, child: child, scheme: "http",
                maxConnections: maxConnections, logger: logger, onListening: latch.arrive)]
        }
        var hsts: HTTPFields = [:]
        if hstsMaxAgeSeconds > 0 { hsts[.strictTransportSecurity] = "max-age=\(hstsMaxAgeSeconds)" }
        let secureApp = Self.appChannel(responder, logger: logger, extraHeaders: hsts)
        let secureChild = ReloadableTLSChannel(
            base: RequestHeadDeadlineChannel(base: secureApp, timeout: Self.requestHeadTimeout), certificate: certificate,
            handshakeTimeout: Self.handshakeTimeout)
        let plainChild = RequestHeadDeadlineChannel(
            base: Self.redirectChannel(responder, redirect: redirect, logger: logger), timeout: Self.requestHeadTimeout)
        // One after the other, here, before either socket accepts (PipelineWarmUp).
        PipelineWarmUp.warm(secureChild, logger: logger)
        PipelineWarmUp.warm(plainChild, logger: logger)
        let https = HTTPListener(
            place: httpsPlace, child: secureChild,
            scheme: "https", maxConnections: maxConnections, logger: logger, onListening: latch.arrive)
        let plain = HTTPListener(
            place: plan.http, child: plainChild,
            scheme: "http", maxConnections: maxConnections, logger: logger, onListening: latch.arrive)
        return [plain, https]
    }

    /// HTTP/1.1 with the live stream's WebSocket upgrades, answered by the router.
    static func appChannel(_ responder: RouterResponder<AppRequestContext>, logger: Logger, extraHeaders: HTTPFields) -> HTTP1WebSocketUpgradeChannel {
        HTTP1WebSocketUpgradeChannel(
            responder: respond(responder, logger: logger, extraHeaders: extraHeaders), webSocketResponder: responder,
            configuration: .init(
                http1: .init(idleTimeout: idleTimeout),
                ws: .init(maxFrameSize: 4_096, autoPing: .enabled(timePeriod: .seconds(20)))))
    }

    /// Plain HTTP once HTTPS is on: a 308 to HTTPS, except what `HTTPSRedirect` lets through.
    static func redirectChannel(_ responder: RouterResponder<AppRequestContext>, redirect: HTTPSRedirect, logger: Logger) -> HTTP1Channel {
        let app = respond(responder, logger: logger, extraHeaders: [:])
        return HTTP1Channel(
            responder: { request, writer, channel in
                if redirect.servesPlain(path: request.uri.path, remote: channel.remoteAddress) {
                    try await app(request, writer, channel)
                    return
                }
                var head = HTTPResponse(
                    status: .permanentRedirect,
                    headerFields: [.location: redirect.location(for: request.head.path ?? "/"), .server: serverName, .contentLength: "0"])
                // A body would still be read to its end before the next request: close instead.
                let hasBody = request.headers[.transferEncoding] != nil || (request.headers[.contentLength].flatMap(Int.init) ?? 0) > 0
                if hasBody { head.headerFields[.connection] = "close" }
                try await writer.write(response: head, body: ResponseBody())
            },
            configuration: .init(idleTimeout: idleTimeout))
    }

    /// The router's answer with the server's name and any extra headers (HSTS on HTTPS).
    static func respond(_ responder: RouterResponder<AppRequestContext>, logger: Logger, extraHeaders: HTTPFields) -> HTTPChannelHandler.Responder {
        { request, writer, channel in
            let context = AppRequestContext(source: .init(channel: channel, logger: logger))
            var response: Response
            do {
                response = try await responder.respond(to: request, context: context)
            } catch {
                response = Response(status: .internalServerError)
            }
            response.headers[.server] = serverName
            response.headers.append(contentsOf: extraHeaders)
            try await writer.write(response: response.head, body: response.body)
        }
    }
}

/// Runs an action once a number of listeners have each said they listen.
final class ListeningLatch: Sendable {
    private let remaining: Mutex<Int>
    private let action: @Sendable () -> Void

    init(count: Int, then action: @escaping @Sendable () -> Void) {
        remaining = Mutex(count)
        self.action = action
    }

    @Sendable func arrive() {
        let left = remaining.withLock { count -> Int in
            count -= 1
            return count
        }
        if left == 0 { action() }
    }
}
