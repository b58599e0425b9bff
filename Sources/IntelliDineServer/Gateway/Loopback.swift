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
    /// when IPv4 arrives through a dual-stack socket. What first-run set-up is limited to. The
    /// address is read as bytes: its text form drops leading zeros.
    var isLocalNetwork: Bool {
        guard !isLoopback else { return true }
        switch self {
        case .v4(let address):
            return Self.isPrivateIPv4(withUnsafeBytes(of: address.address.sin_addr) { Array($0) })
        case .v6(let address):
            let bytes = withUnsafeBytes(of: address.address.sin6_addr) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return Self.isPrivateIPv4(Array(bytes[12..<16]))  // IPv4 through a dual-stack socket
            }
            return (bytes[0] & 0xFE) == 0xFC || (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80)
        default:
            return false
        }
    }

    private static func isPrivateIPv4(_ b: [UInt8]) -> Bool {
        b.count == 4 && (b[0] == 10 || (b[0] == 172 && (16...31).contains(b[1])) || (b[0] == 192 && b[1] == 168))
    }
}
