import Crypto
import Foundation

/// The cloud ingest contract (docs/cloud-ingest.md), in one place for both ends: the box's
/// forwarder signs and sends batches with it, `intellidine-cloud` checks and reads them.
public enum IngestContract {
    public static let path = "/v1/events"
    public static let boxHeader = "X-Intellidine-Box"
    public static let signatureHeader = "X-Intellidine-Signature"
    /// Sent with every batch (an extension that older receivers ignore): how many events the box
    /// still has to send after this batch, and when the oldest of them happened.
    public static let backlogHeader = "X-Intellidine-Backlog"
    public static let oldestUnsentHeader = "X-Intellidine-Oldest-Unsent"
    /// A batch holds at most this many events, or this many bytes.
    public static let maxEvents = 500
    public static let maxBatchBytes = 1 << 20

    /// `sha256=<hex HMAC-SHA256 of the raw body>` under the box's secret.
    public static func signature(_ body: some DataProtocol, secret: SymmetricKey) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: secret).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `header` is the body's signature under `secret`. The comparison is HMAC's own,
    /// in constant time, so a forger learns nothing from how long a refusal takes.
    public static func isSigned(_ body: some DataProtocol, header: String, secret: SymmetricKey) -> Bool {
        guard header.hasPrefix("sha256="), let code = Self.bytes(hex: header.dropFirst(7)), code.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: body, using: secret)
    }

    static func bytes(hex: Substring) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }
}
