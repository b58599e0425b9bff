import HTTPTypes
import Synchronization

/// The API's paths and their methods, so that a known path called with the wrong method is
/// answered 405 with `Allow`, not 404 (Hummingbird's router does not tell the two apart).
final class RouteTable: Sendable {
    private let routes = Mutex<[(segments: [Substring], method: HTTPRequest.Method)]>([])

    func record(_ path: String, _ method: HTTPRequest.Method) {
        routes.withLock { $0.append((path.split(separator: "/"), method)) }
    }

    /// The methods registered for the route that serves `path`; empty when the path is unknown.
    /// Like the router, a literal segment wins over a parameter: `/api/orders/quote` is its own
    /// route (POST), not `/api/orders/:id` (GET).
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.withLock { routes in
            let matching = routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
            }
            // The most literal pattern, compared segment by segment from the left.
            func literals(_ route: (segments: [Substring], method: HTTPRequest.Method)) -> [Bool] { route.segments.map { !$0.hasPrefix(":") } }
            guard let best = matching.map(literals).max(by: { $0.lexicographicallyPrecedes($1) { !$0 && $1 } }) else { return [] }
            return matching.filter { literals($0) == best }.map(\.method)
        }
    }
}
