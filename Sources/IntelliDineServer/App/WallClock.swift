import Foundation

/// The one place the daemon reads time. Controllers take it at assembly, so every instant a
/// request stamps (an order, a payment, a business day, a token) comes from one seam that a test
/// can move, instead of from `Date()` scattered through the handlers.
///
/// Two readings, because they answer different questions (docs/architecture.md, "Time"):
/// - `now`, the wall clock: what to write on an order, an invoice, a business day. It can be
///   wrong (a board without a clock battery boots in 1970) and it can jump (NTP fixing it).
/// - `uptime`, a monotonic clock: how long something has lasted (a code's five minutes, a
///   token's eight hours, a rate window). It never jumps, so a clock fixed by a day does not
///   make a fresh code expire, or an old one live a day longer.
public struct WallClock: Sendable {
    public let now: @Sendable () -> Date
    public let uptime: @Sendable () -> ContinuousClock.Instant

    public init(now: @escaping @Sendable () -> Date, uptime: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.now = now
        self.uptime = uptime
    }

    public static let system = WallClock(now: { Date() })
}
