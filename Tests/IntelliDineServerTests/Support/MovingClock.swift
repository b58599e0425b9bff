import Foundation
import IntelliDineServer
import Synchronization

/// A wall clock the test moves: days of trade, closes and late payments in one test run. Time
/// that passes (`advance`) moves the monotonic uptime too; `jump` moves only the wall clock, as
/// NTP fixing a wrong clock does.
final class MovingClock: Sendable {
    let now: Mutex<Date>
    private let passed = Mutex<Duration>(.zero)
    init(_ start: Date) { now = Mutex(start) }
    func advance(days: Double) { advance(seconds: days * 86_400) }
    func advance(minutes: Int) { advance(seconds: Double(minutes) * 60) }
    func advance(seconds: Double) {
        now.withLock { $0 = $0.addingTimeInterval(seconds) }
        passed.withLock { $0 += .milliseconds(Int64(seconds * 1_000)) }
    }
    func jump(days: Double) { now.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
    func set(_ date: Date) { now.withLock { $0 = date } }
    var wallClock: WallClock {
        WallClock(now: { [self] in now.withLock { $0 } }, uptime: { [self] in ContinuousClock.now + passed.withLock { $0 } })
    }
}
