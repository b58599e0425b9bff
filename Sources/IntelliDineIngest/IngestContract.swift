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
        "sha256=" + Hex.encode(HMAC<SHA256>.authenticationCode(for: body, using: secret))
    }

    /// Whether `header` is the body's signature under `secret`. The comparison is HMAC's own,
    /// in constant time, so a forger learns nothing from how long a refusal takes.
    public static func isSigned(_ body: some DataProtocol, header: String, secret: SymmetricKey) -> Bool {
        guard header.hasPrefix("sha256="), let code = Hex.decode(header.dropFirst(7)), code.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: body, using: secret)
    }
}

/// Lower-case hex, for signatures and keys: the one encoder and decoder both ends use.
public enum Hex {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// nil unless every pair is a hex byte.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        for index in stride(from: 0, to: chars.count, by: 2) {
            guard let byte = UInt8(String(decoding: chars[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }
}
