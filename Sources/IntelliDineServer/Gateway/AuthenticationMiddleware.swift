import HTTPTypes
import Hummingbird

/// Reads `Authorization: Bearer <jwt>`. A request without one goes on anonymously (public
/// endpoints decide for themselves); one with a bad, expired or revoked token is refused 401.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw APIError(.unauthorized, "UNAUTHORIZED", "Authorization must be 'Bearer <token>'")
        }
        guard let identity = await tokens.verify(String(header.dropFirst(7))) else {
            throw APIError(.unauthorized, "INVALID_TOKEN", "The token is invalid, expired or revoked; sign in again")
        }
        var context = context
        context.identity = identity
        return try await next(request, context)
    }
}
