import HTTPTypes
import Hummingbird
import HummingbirdWebSocket

/// Registers handlers on the router and records each path and method in the `RouteTable`,
/// so wrong-method calls get 405.
struct APIRoutes {
    let router: Router<AppRequestContext>
    let table: RouteTable

    /// A handler returns a typed answer (`Success<…>`, encoded by `APIResponseEncoder`), or a
    /// `Response` where the body is not JSON (pages, images, CSV, cached bytes).
    typealias Handler<Answer: ResponseGenerator> = @Sendable (Request, AppRequestContext) async throws -> Answer

    func on<Answer: ResponseGenerator>(_ path: String, _ method: HTTPRequest.Method, use handler: @escaping Handler<Answer>) {
        table.record(path, method)
        router.on(RouterPath(path), method: method, use: handler)
    }

    func get<Answer: ResponseGenerator>(_ path: String, use handler: @escaping Handler<Answer>) { on(path, .get, use: handler) }
    func post<Answer: ResponseGenerator>(_ path: String, use handler: @escaping Handler<Answer>) { on(path, .post, use: handler) }
    func patch<Answer: ResponseGenerator>(_ path: String, use handler: @escaping Handler<Answer>) { on(path, .patch, use: handler) }
    func put<Answer: ResponseGenerator>(_ path: String, use handler: @escaping Handler<Answer>) { on(path, .put, use: handler) }
    func delete<Answer: ResponseGenerator>(_ path: String, use handler: @escaping Handler<Answer>) { on(path, .delete, use: handler) }

    /// A WebSocket route: recorded in the table (for 405s and the contract) and upgraded by the
    /// router. The upgrade lets go of its handler reference first (`releaseWebSocketHandler`).
    func webSocket(
        _ path: String, shouldUpgrade: @escaping @Sendable (Request, AppRequestContext) async throws -> RouterShouldUpgrade,
        onUpgrade: @escaping WebSocketDataHandler<WebSocketRouterContext<AppRequestContext>>
    ) {
        table.record(path, .get)
        router.ws(RouterPath(path), shouldUpgrade: shouldUpgrade) { inbound, outbound, context in
            context.requestContext.releaseWebSocketHandler()
            try await onUpgrade(inbound, outbound, context)
        }
    }
}
