import Crypto
import Foundation
import Synchronization

/// The one-time code that guards first-run set-up. Made when the daemon starts on a box with no
/// restaurant, printed to the journal and the console (whoever installed the box can read them;
/// a guest on the Wi-Fi cannot), and gone once the restaurant exists. Five wrong codes close
/// set-up for 15 minutes, so the 8 digits cannot be guessed.
final class FirstRunSetup: Sendable {
    private struct State {
        var code: String?
        var failures = 0
        var lockedUntil: Date?
    }

    private let state: Mutex<State>
    static let maxFailures = 5
    static let lockout: TimeInterval = 15 * 60

    /// `pending`: the box has no restaurant yet.
    init(pending: Bool) {
        state = Mutex(State(code: pending ? Self.newCode() : nil))
    }

    /// The code to print, while set-up is open.
    var code: String? { state.withLock { $0.code } }
    var isPending: Bool { code != nil }

    enum Check: Equatable { case accepted, wrong, locked, done }

    /// Checks a code in constant time; counts failures.
    func check(_ attempt: String, now: Date) -> Check {
        state.withLock { state in
            guard let code = state.code else { return .done }
            if let until = state.lockedUntil, now < until { return .locked }
            let given = attempt.filter(\.isNumber)
            if given.utf8.count == code.utf8.count, zip(given.utf8, code.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 {
                return .accepted
            }
            state.failures += 1
            if state.failures >= Self.maxFailures {
                state.failures = 0
                state.lockedUntil = now.addingTimeInterval(Self.lockout)
            }
            return .wrong
        }
    }

    /// Set-up is done: the code stops working for good.
    func finish() { state.withLock { $0.code = nil } }

    private static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(format: "%08d", Int.random(in: 0..<100_000_000, using: &generator))
    }
}
