import Hummingbird

/// While the wall clock is not set (`ClockTrust`), refuses the API's writes with 503
/// `CLOCK_NOT_SET`: an order, a payment, a bill or a day's close would carry a wrong date. Reads,
/// pages, the live streams and sign-in go on (a cook signs in to see the kitchen).
struct ClockGateMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trust: ClockTrust

    /// Writes that date nothing the accounts keep: signing in and out, the stream ticket, and the
    /// kitchen's work on orders already placed (a status or station bump, a reprint), so cooks
    /// and waiters keep going through a power cut's reboot. Their history is stamped with the
    /// clock as it reads; a bill, a payment, a new order or a day's close waits.
    static let alwaysOpen: Set<String> = [
        "/api/auth/customer/otp", "/api/auth/customer/verify-otp", "/api/auth/staff/login", "/api/auth/logout", "/api/stream/tickets",
    ]

    static func isOpen(_ path: String) -> Bool {
        if alwaysOpen.contains(path) { return true }
        let segments = path.split(separator: "/")
        // /api/orders/{id}/status, /api/orders/{id}/stations/{station}, /api/orders/{id}/reprint
        guard segments.count >= 4, segments[0] == "api", segments[1] == "orders" else { return false }
        return (segments.count == 4 && (segments[3] == "status" || segments[3] == "reprint"))
            || (segments.count == 5 && segments[3] == "stations")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // As the router reads it: `//api//orders` is `/api/orders`.
        let path = APIPath.normalized(request.uri.path)
        guard request.method != .get, request.method != .head, path.hasPrefix("/api/"), !Self.isOpen(path) else {
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
