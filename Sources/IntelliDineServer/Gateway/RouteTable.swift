import HTTPTypes
import Synchronization

/// The API's paths and their methods, so that a known path called with the wrong method is
/// answered 405 with `Allow`, not 404 (Hummingbird's router does not tell the two apart).
final class RouteTable: Sendable {
    private let routes = Mutex<[(segments: [Substring], method: HTTPRequest.Method)]>([])

    func record(_ path: String, _ method: HTTPRequest.Method) {
        routes.withLock { $0.append((path.split(separator: "/"), method)) }
    }

    /// The methods registered for paths that match `path`; empty when the path is unknown.
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.withLock { routes in
            routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
            }.map(\.method)
        }
    }
}
