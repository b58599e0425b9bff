import CSystemd
import Foundation

/// The listening sockets systemd passed to this process (socket activation), each with the
/// `FileDescriptorName=` of its socket unit: `http` from `intellidine.socket`, `https` from
/// `intellidine-https.socket`.
enum SystemdSockets {
    struct Passed: Equatable, Sendable {
        let socket: Int32
        let name: String
    }

    /// Reads `LISTEN_FDS` and `LISTEN_FDNAMES` once, and unsets them so children do not inherit them.
    static func take() -> [Passed] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        guard count > 0 else { return [] }
        defer {
            for index in 0..<Int(count) { free(names?[index]) }
            free(names)
        }
        return (0..<count).map { index in
            let name = names?[Int(index)].map { String(cString: $0) } ?? "unknown"
            return Passed(socket: SD_LISTEN_FDS_START + index, name: name)
        }
    }
}
