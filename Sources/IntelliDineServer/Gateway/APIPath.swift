/// A request path as the router matches it: empty segments skipped, so `//api//orders` is
/// `/api/orders`. Middleware that decides by path (the rate limit, the clock gate) reads it
/// this way, or a doubled slash would walk past it to the same handler.
enum APIPath {
    static func normalized(_ path: String) -> String {
        guard path.contains("//") else { return path }
        return "/" + path.split(separator: "/").joined(separator: "/")
    }
}
