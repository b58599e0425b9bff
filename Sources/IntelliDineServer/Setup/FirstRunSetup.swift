import Crypto
import Foundation
import Synchronization

/// The one-time code that guards first-run set-up. Made when the daemon starts on a box with no
/// restaurant, printed to the journal and the console (whoever installed the box can read them;
/// a guest on the Wi-Fi cannot), and gone once the restaurant exists. Five wrong codes from one
/// address close set-up to that address for 15 minutes: the 8 digits cannot be guessed, and a
/// guest on the same Wi-Fi cannot lock the installer out. The lockout runs on the monotonic
/// clock, so the first boot's NTP correction neither extends nor ends it.
final class FirstRunSetup: Sendable {
    private struct Failures {
        var count = 0
        var lockedUntil: ContinuousClock.Instant?
    }

    private struct State {
        var code: String?
        var failures: [String: Failures] = [:]
    }

    private let state: Mutex<State>
    static let maxFailures = 5
    static let lockout: Duration = .seconds(15 * 60)

    /// `pending`: the box has no restaurant yet.
    init(pending: Bool) {
        state = Mutex(State(code: pending ? Self.newCode() : nil))
    }

    /// The code to print, while set-up is open.
    var code: String? { state.withLock { $0.code } }
    var isPending: Bool { code != nil }

    enum Check: Equatable { case accepted, wrong, locked, done }

    /// Checks a code from `source` (the caller's address) in constant time; counts its failures.
    func check(_ attempt: String, from source: String, now: ContinuousClock.Instant = .now) -> Check {
        state.withLock { state in
            guard let code = state.code else { return .done }
            var failures = state.failures[source] ?? Failures()
            if let until = failures.lockedUntil, now < until { return .locked }
            let given = String(attempt.compactMap { $0.isASCII ? $0.wholeNumberValue.map(String.init) : nil }.joined())
            if given.utf8.count == code.utf8.count, zip(given.utf8, code.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 {
                return .accepted
            }
            failures.count += 1
            if failures.count >= Self.maxFailures {
                failures = Failures(count: 0, lockedUntil: now.advanced(by: Self.lockout))
            }
            // Bounded: a flood of addresses cannot grow this without end.
            if state.failures.count > 10_000 { state.failures.removeAll() }
            state.failures[source] = failures
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
