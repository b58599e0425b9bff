import Crypto
import Foundation
import IntelliDineIngest

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
