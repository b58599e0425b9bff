import Crypto
import Foundation

/// Secrets the box keeps: read from a configured file, or generated once into the state
/// directory (mode 0600) and reused on every start. Never a hard-coded default.
enum Secrets {
    static func loadOrCreate(name: String, configuredFile: String?, secretsDir: String) throws -> SymmetricKey {
        if let configuredFile {
            guard let data = FileManager.default.contents(atPath: configuredFile), !data.isEmpty else {
                throw ConfigurationError.unreadableSecret(configuredFile)
            }
            return SymmetricKey(data: data)
        }
        let path = (secretsDir as NSString).appendingPathComponent(name)
        if let data = FileManager.default.contents(atPath: path), !data.isEmpty {
            return SymmetricKey(data: data)
        }
        try FileManager.default.createDirectory(
            atPath: secretsDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        // Written beside, then renamed: a power cut never leaves a half-written secret.
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError.unreadableSecret(path)
        }
        guard rename(temporary, path) == 0 else { throw ConfigurationError.unreadableSecret(path) }
        return key
    }

    /// A secret issued by someone else (Razorpay's key secret, a webhook secret), as text from a file.
    static func readText(_ file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file),
              case let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
        else { throw ConfigurationError.unreadableSecret(file) }
        return text
    }
}
