import Hummingbird

/// How a handler's `ResponseEncodable` answer becomes bytes: the house JSON encoder (sorted keys,
/// unescaped slashes), `application/json; charset=utf-8` and `Cache-Control: no-store`, the same
/// as `JSONBody.response`.
public struct APIResponseEncoder: ResponseEncoder {
    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        try JSONBody.response(value)
    }
}
