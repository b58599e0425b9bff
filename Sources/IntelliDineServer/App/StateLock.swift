import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a state directory (`flock` on `intellidine.lock`), held by the running
/// daemon: a second daemon on the same state, or a restore under a running one, is refused.
/// The kernel drops it when the process ends, however it ends.
public final class StateLock: Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// The lock, or nil when another process holds it.
    public static func acquire(stateDir: String) throws -> StateLock? {
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        let fd = open((stateDir as NSString).appendingPathComponent("intellidine.lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ConfigurationError.invalidValue(key: "state_dir", value: stateDir) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        return StateLock(fd: fd)
    }

    deinit { close(fd) }
}
