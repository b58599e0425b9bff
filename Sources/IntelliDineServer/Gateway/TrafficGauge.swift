import Foundation
import Hummingbird
import Synchronization

/// How busy the box is serving people right now: requests in the last whole second. Background
/// work (the cloud forwarder catching up) reads it to give way to guests and staff.
public final class TrafficGauge: Sendable {
    private struct Window {
        var second: Int64 = 0
        var current = 0
        var previous = 0
    }

    private let window = Mutex(Window())

    public init() {}

    func record(at instant: Date = Date()) {
        let second = Int64(instant.timeIntervalSince1970)
        window.withLock { window in
            if second != window.second {
                window.previous = second == window.second + 1 ? window.current : 0
                window.current = 0
                window.second = second
            }
            window.current += 1
        }
    }

    /// Requests counted in the last whole second before `instant`.
    public func requestsPerSecond(at instant: Date = Date()) -> Int {
        let second = Int64(instant.timeIntervalSince1970)
        return window.withLock { window in
            switch second - window.second {
            case 0: window.previous
            case 1: window.current
            default: 0
            }
        }
    }
}

/// Counts the requests that change something (orders, payments, status moves) into the
/// `TrafficGauge`. Reads are left out: a sync screen polling `/api/admin/sync` or a guest
/// browsing the menu must not make the forwarder hold back as if the kitchen were in a rush.
struct TrafficMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let gauge: TrafficGauge

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get && request.method != .head { gauge.record() }
        return try await next(request, context)
    }
}
