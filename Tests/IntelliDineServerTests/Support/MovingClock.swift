import Foundation
import IntelliDineServer
import Synchronization

/// A wall clock the test moves: days of trade, closes and late payments in one test run.
final class MovingClock: Sendable {
    let now: Mutex<Date>
    init(_ start: Date) { now = Mutex(start) }
    func advance(days: Double) { now.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
    func advance(minutes: Int) { now.withLock { $0 = $0.addingTimeInterval(Double(minutes) * 60) } }
    func set(_ date: Date) { now.withLock { $0 = date } }
    var wallClock: WallClock { WallClock { [self] in now.withLock { $0 } } }
}
