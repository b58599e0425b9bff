import Foundation

/// The one place the controllers read the wall clock. They take it at assembly, so every instant
/// a request stamps (an order, a payment, a business day, a token) comes from one seam that a test
/// can move, instead of from `Date()` scattered through the handlers.
public struct WallClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = WallClock { Date() }
}
