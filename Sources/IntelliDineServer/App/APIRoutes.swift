import HTTPTypes
import Hummingbird

/// Registers handlers on the router and records each path and method in the `RouteTable`,
/// so wrong-method calls get 405.
struct APIRoutes {
    let router: Router<AppRequestContext>
    let table: RouteTable

    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    func on(_ path: String, _ method: HTTPRequest.Method, use handler: @escaping Handler) {
        table.record(path, method)
        router.on(RouterPath(path), method: method, use: handler)
    }

    func get(_ path: String, use handler: @escaping Handler) { on(path, .get, use: handler) }
    func post(_ path: String, use handler: @escaping Handler) { on(path, .post, use: handler) }
    func patch(_ path: String, use handler: @escaping Handler) { on(path, .patch, use: handler) }
    func put(_ path: String, use handler: @escaping Handler) { on(path, .put, use: handler) }
    func delete(_ path: String, use handler: @escaping Handler) { on(path, .delete, use: handler) }
}
