import HTTPTypes
import Hummingbird

/// Reads `Authorization: Bearer <jwt>`. A request without one goes on anonymously (public
/// endpoints decide for themselves); one with a bad, expired or revoked token is refused 401.
/// On the live stream, where browsers cannot set headers, a single-use `ticket` stands in for it.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenService
    let tickets: StreamTickets

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/api/stream", let ticket = request.uri.queryParameters.get("ticket") {
            // Checked again against revocation: a ticket does not outlive a signed-out session.
            guard let identity = tickets.redeem(String(ticket)), tokens.isActive(sessionId: identity.sessionId) else {
                throw APIError(.unauthorized, "INVALID_TICKET", "The stream ticket is unknown, used or expired; get a new one")
            }
            var context = context
            context.identity = identity
            return try await next(request, context)
        }
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
