import NIOCore

extension SocketAddress {
    /// The box itself: 127.0.0.0/8, `::1`, or IPv4 loopback seen through a dual-stack socket
    /// (`::ffff:127.x.x.x`, as systemd's `ListenStream=80` delivers `curl http://127.0.0.1/`).
    var isLoopback: Bool {
        guard let ip = ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}

extension SocketAddress {
    /// The restaurant's own network or the box: loopback, or a private address (RFC 1918
    /// 10/8, 172.16/12, 192.168/16; IPv6 unique-local fc00::/7 and link-local fe80::/10), also
    /// when IPv4 arrives through a dual-stack socket. What first-run set-up is limited to.
    var isLocalNetwork: Bool {
        guard !isLoopback else { return true }
        guard var ip = ipAddress?.lowercased() else { return false }
        if ip.hasPrefix("::ffff:") { ip = String(ip.dropFirst(7)) }
        let octets = ip.split(separator: ".").compactMap { Int($0) }
        if octets.count == 4 {
            return octets[0] == 10 || (octets[0] == 172 && (16...31).contains(octets[1])) || (octets[0] == 192 && octets[1] == 168)
        }
        return ip.hasPrefix("fc") || ip.hasPrefix("fd") || ip.hasPrefix("fe8") || ip.hasPrefix("fe9") || ip.hasPrefix("fea") || ip.hasPrefix("feb")
    }
}
