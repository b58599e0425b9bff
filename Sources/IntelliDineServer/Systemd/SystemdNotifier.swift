import CSystemd
import Foundation

/// `sd_notify` and the watchdog settings systemd passes in the environment. Without
/// `NOTIFY_SOCKET` (not under systemd, or not `Type=notify`) every call does nothing.
struct SystemdNotifier: Sendable {
    var isEnabled: Bool { ProcessInfo.processInfo.environment["NOTIFY_SOCKET"] != nil }

    func notify(_ state: String) {
        guard isEnabled else { return }
        _ = sd_notify(0, state)
    }

    /// How often systemd expects `WATCHDOG=1` (`WatchdogSec=`), if it does.
    var watchdogInterval: Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(microseconds))
    }
}
