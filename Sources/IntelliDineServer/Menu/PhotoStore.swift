import Crypto
import Foundation

/// Dish photos on the box's own disk (`<state_dir>/photos/<tenant>/<item>-<hash>.<ext>`), so the
/// menu shows them with the internet down. The manager's browser shrinks a photo for phones
/// before it is sent (at most 800 px, JPEG); the box checks what it is by its first bytes,
/// bounds its size, and names it by its content, so the URL can be cached for a year.
struct PhotoStore: Sendable {
    let directory: String
    static let maxBytes = 400 * 1024

    enum Kind: String {
        case jpeg = "jpg", png, webp

        var contentType: String {
            switch self {
            case .jpeg: "image/jpeg"
            case .png: "image/png"
            case .webp: "image/webp"
            }
        }

        /// What the bytes are, by their signature; a declared type is never trusted.
        init?(sniffing bytes: [UInt8]) {
            if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { self = .jpeg }
            else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { self = .png }
            else if bytes.count > 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x45, 0x42, 0x50] { self = .webp }
            else { return nil }
        }
    }

    /// Writes the photo (atomically) and returns its URL path; removes the item's older photos.
    func save(_ bytes: [UInt8], tenantId: String, itemId: String) throws -> String {
        guard let kind = Kind(sniffing: bytes) else {
            throw APIError(.unsupportedMediaType, "NOT_A_PHOTO", "Send a JPEG, PNG or WebP photo")
        }
        let folder = (directory as NSString).appendingPathComponent(Self.safe(tenantId))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let hash = Array(SHA256.hash(data: bytes)).hexEncoded.prefix(16)
        let name = "\(Self.safe(itemId))-\(hash).\(kind.rawValue)"
        try Data(bytes).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)), options: .atomic)
        for old in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where old.hasPrefix(Self.safe(itemId) + "-") && old != name {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(old))
        }
        return "/photos/\(Self.safe(tenantId))/\(name)"
    }

    /// Removes a photo this store wrote, by its URL path.
    func remove(url: String) {
        let parts = url.split(separator: "/").map(String.init)
        guard parts.count == 3, parts[0] == "photos", read(tenant: parts[1], name: parts[2]) != nil else { return }
        try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent("\(parts[1])/\(parts[2])"))
    }

    /// The stored photo at `tenant/name`, if the name is one this store could have written.
    func read(tenant: String, name: String) -> (bytes: Data, kind: Kind)? {
        guard tenant == Self.safe(tenant), name.wholeMatch(of: /[A-Za-z0-9_\-]{1,64}-[0-9a-f]{16}\.(jpg|png|webp)/) != nil,
              let kind = Kind(rawValue: String(name.split(separator: ".").last ?? "")),
              let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent("\(tenant)/\(name)"))
        else { return nil }
        return (data, kind)
    }

    /// Ids are already letters, digits, '-' and '_'; anything else is dropped, so a name never
    /// leaves its folder.
    static func safe(_ id: String) -> String {
        String(id.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }.prefix(64))
    }
}
