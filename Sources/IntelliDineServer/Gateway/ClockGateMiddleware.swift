import Hummingbird

/// While the wall clock is not set (`ClockTrust`), refuses the API's writes with 503
/// `CLOCK_NOT_SET`: an order, a payment, a bill or a day's close would carry a wrong date. Reads,
/// pages, the live streams and sign-in go on (a cook signs in to see the kitchen).
struct ClockGateMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trust: ClockTrust

    /// Writes that date nothing a guest or the accounts keep: signing in and out, and the stream ticket.
    static let alwaysOpen: Set<String> = [
        "/api/auth/customer/otp", "/api/auth/customer/verify-otp", "/api/auth/staff/login", "/api/auth/logout", "/api/stream/tickets",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method != .get, request.method != .head, path.hasPrefix("/api/"), !Self.alwaysOpen.contains(path) else {
            return try await next(request, context)
        }
        let (isSet, justSet) = trust.check()
        if justSet {
            context.logger.notice("the wall clock is set: dated writes accepted again", metadata: ["floor": "\(trust.floor)"])
        }
        guard isSet else {
            context.logger.warning("write refused: the wall clock is before \(trust.floor)", metadata: ["path": "\(path)"])
            throw APIError.clockNotSet
        }
        return try await next(request, context)
    }
}

extension APIError {
    static var clockNotSet: APIError {
        var error = APIError(
            .serviceUnavailable, "CLOCK_NOT_SET",
            "The box's clock is not set yet, so nothing can be dated. It sets itself once the box reaches a time server; try again in a minute")
        error.headers[.retryAfter] = "30"
        return error
    }
}
