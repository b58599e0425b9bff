import Crypto
import Foundation

/// The key that seals every box's ingest key in the database (AES-GCM, the box id as associated
/// data), read from the credentials file. A stolen database dump holds no usable box key; a key
/// sealed for one box cannot be moved to another row.
public struct MasterKey: Sendable {
    let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    /// The file holds 64 hex characters (a trailing newline is fine).
    public static func load(_ path: String) throws -> MasterKey {
        guard let data = FileManager.default.contents(atPath: path),
              let bytes = Hex.decode(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32
        else { throw CloudConfigurationError("the credentials file \(path) must hold 64 hex characters (make one with: openssl rand -hex 32)") }
        return MasterKey(key: SymmetricKey(data: bytes))
    }

    public func seal(_ secret: [UInt8], boxId: String) throws -> [UInt8] {
        Array(try AES.GCM.seal(secret, using: key, authenticating: Data(boxId.utf8)).combined!)
    }

    public func open(_ sealed: [UInt8], boxId: String) throws -> SymmetricKey {
        SymmetricKey(data: try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: Data(boxId.utf8)))
    }
}

enum Hex {
    static func encode(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        for index in stride(from: 0, to: chars.count, by: 2) {
            guard let byte = UInt8(String(decoding: chars[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }
}
