import Foundation
import Hummingbird
import Synchronization

/// Requests per minute per subject (a customer or staff id, or the IP when anonymous), in
/// memory: a fixed one-minute window per subject, a counter that starts at the subject's first
/// request and is forgotten a minute later.
final class RateLimiter: Sendable {
    private struct Window {
        var start: Date
        var count: Int
    }

    let limit: Int
    private let windows = Mutex<[String: Window]>([:])
    private static let length: TimeInterval = 60

    init(limitPerMinute: Int) { limit = limitPerMinute }

    /// `nil` when the request may go ahead, else the seconds until the subject may try again.
    func check(_ subject: String, now: Date = Date()) -> Int? {
        guard limit > 0 else { return nil }
        return windows.withLock { windows in
            if windows.count > 50_000 {
                // Bound memory under a flood of distinct subjects: drop finished windows.
                windows = windows.filter { now.timeIntervalSince($0.value.start) < Self.length }
            }
            var window = windows[subject] ?? Window(start: now, count: 0)
            if now.timeIntervalSince(window.start) >= Self.length { window = Window(start: now, count: 0) }
            guard window.count < limit else {
                return max(1, Int((window.start.addingTimeInterval(Self.length).timeIntervalSince(now)).rounded(.up)))
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
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        let subject = context.identity?.subject ?? context.remoteAddress?.ipAddress ?? "anonymous"
        if let retryAfter = limiter.check(subject) {
            var error = APIError(.tooManyRequests, "RATE_LIMITED", "Too many requests; slow down")
            error.headers[.retryAfter] = String(retryAfter)
            throw error
        }
        return try await next(request, context)
    }
}
