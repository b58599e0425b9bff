import Foundation
import Hummingbird
import Synchronization

/// Requests per minute per subject (a customer or staff id, or the IP when anonymous), in
/// memory: a fixed one-minute window per subject, a counter that starts at the subject's first
/// request and is forgotten a minute later. A minute of uptime, not of the wall clock: NTP moving
/// the clock back a day must not lock everyone out for a day.
final class RateLimiter: Sendable {
    private struct Window {
        var start: ContinuousClock.Instant
        var count: Int
    }

    let limit: Int
    let clock: WallClock
    private let windows = Mutex<[String: Window]>([:])
    private static let length: Duration = .seconds(60)

    init(limitPerMinute: Int, clock: WallClock = .system) {
        limit = limitPerMinute
        self.clock = clock
    }

    /// `nil` when the request may go ahead, else the seconds until the subject may try again.
    func check(_ subject: String) -> Int? {
        guard limit > 0 else { return nil }
        let now = clock.uptime()
        return windows.withLock { windows in
            if windows.count > 50_000 {
                // Bound memory under a flood of distinct subjects: drop finished windows.
                windows = windows.filter { now - $0.value.start < Self.length }
            }
            var window = windows[subject] ?? Window(start: now, count: 0)
            if now - window.start >= Self.length { window = Window(start: now, count: 0) }
            guard window.count < limit else {
                let left = window.start + Self.length - now
                return max(1, Int(left.components.seconds) + (left.components.attoseconds > 0 ? 1 : 0))
            }
            window.count += 1
            windows[subject] = window
            return nil
        }
    }
}

/// Applies the `RateLimiter` to every request: 429 with `Retry-After` once a subject is over.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Pages and their assets are served from memory; only the API is metered.
        guard APIPath.normalized(request.uri.path).hasPrefix("/api/") else { return try await next(request, context) }
        let subject = context.identity?.subject ?? context.remoteAddress?.ipAddress ?? "anonymous"
        if let retryAfter = limiter.check(subject) {
            var error = APIError(.tooManyRequests, "RATE_LIMITED", "Too many requests; slow down")
            error.headers[.retryAfter] = String(retryAfter)
            throw error
        }
        return try await next(request, context)
    }
}
