import Synchronization

/// When each of a few recent things began (a code sent, a session signed in), on the monotonic
/// clock (`WallClock.uptime`), so their durations are measured where NTP cannot move them.
/// Entries are kept for `horizon`, then dropped as new ones come. A caller sets the horizon past
/// the longest duration it measures plus the largest clock jump it must survive (a day): a
/// dropped entry falls back to the wall clock.
final class UptimeLedger: Sendable {
    let clock: WallClock
    let horizon: Duration
    private let started = Mutex<[String: ContinuousClock.Instant]>([:])

    init(clock: WallClock, horizon: Duration) {
        self.clock = clock
        self.horizon = horizon
    }

    func record(_ key: String) {
        let now = clock.uptime()
        started.withLock { started in
            if started.count >= 1_024, started.count.isMultiple(of: 1_024) {
                started = started.filter { now - $0.value < horizon }
            }
            started[key] = now
        }
    }

    /// How long ago `key` began, if this process recorded it and still keeps it.
    func elapsed(_ key: String) -> Duration? {
        started.withLock { $0[key] }.map { clock.uptime() - $0 }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
