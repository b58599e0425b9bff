import Hummingbird
import IntelliDineDomain
import IntelliDineStore
import NIOCore

/// `GET /metrics`: for a Prometheus on the box itself (loopback) or a manager's token; the
/// figures are the restaurant's business, not the guests' Wi-Fi's.
struct MetricsController {
    let metrics: BoxMetrics
    let database: AppDatabase
    let feed: LiveFeed
    let menuWatch: MenuWatch
    let consumers: [String]
    let certificate: ServingCertificate?

    func register(on routes: APIRoutes) {
        routes.get("/metrics", use: scrape)
    }

    @Sendable func scrape(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.remoteAddress?.isLoopback != true { _ = try context.require(.managers, request: request) }
        let body = try await metrics.scrape(database: database, consumers: consumers, liveClients: feed.subscriberCount, liveMenus: menuWatch.watcherCount,
            certificate: certificate?.pair)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
