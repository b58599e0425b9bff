import NIOCore

extension SocketAddress {
    /// The box itself: 127.0.0.0/8, `::1`, or IPv4 loopback seen through a dual-stack socket
    /// (`::ffff:127.x.x.x`, as systemd's `ListenStream=80` delivers `curl http://127.0.0.1/`).
    var isLoopback: Bool {
        guard let ip = ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}
