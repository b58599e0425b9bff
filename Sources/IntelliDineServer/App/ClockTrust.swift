import Foundation
import Synchronization

/// Whether the wall clock can be believed enough to date things. A clock before this release
/// was built, or before the newest event in the log at start, is wrong: a board without a clock
/// battery that has not reached a time server yet. Until it is set, the daemon serves menus, the
/// kitchen, logins and every read, and refuses what would be dated (orders, payments, bills,
/// the day's close) with 503 `CLOCK_NOT_SET`, so no invoice, ticket or business day carries a
/// wrong date (docs/architecture.md, "Time"). Checked on every such request, so it lets go the
/// moment NTP sets the clock, with no restart.
public final class ClockTrust: Sendable {
    /// This release's date: no correct clock reads earlier. Moved forward at each release.
    public static let releaseFloor = Date(timeIntervalSince1970: 1_796_083_200)  // 2026-12-01T00:00:00Z

    public let floor: Date
    private let clock: WallClock
    private let wasUnset = Atomic<Bool>(false)

    /// `earliest`: the configured floor (the release's date; tests lower it); `newestRecorded`:
    /// when the newest event in the log happened, if there is one.
    public init(clock: WallClock, earliest: Date = ClockTrust.releaseFloor, newestRecorded: Date?) {
        self.clock = clock
        floor = max(earliest, newestRecorded ?? .distantPast)
    }

    /// Whether now is at or after the floor.
    public var isSet: Bool { clock.now() >= floor }

    /// `isSet`, remembering a change so the journal can say when the clock was set.
    func check() -> (isSet: Bool, justSet: Bool) {
        let set = isSet
        let before = wasUnset.exchange(!set, ordering: .relaxed)
        return (set, before && set)
    }
}
