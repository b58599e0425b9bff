import Crypto
import Foundation

/// Dish photos on the box's own disk (`<state_dir>/photos/<tenant>/<item>-<hash>.webp`, and the
/// thumbnail `<item>-<hash>.s.webp`), so the menu shows them with the internet down. The manager
/// uploads the photo as taken (JPEG, PNG or WebP, up to 10 MB); the box checks what it is by its
/// first bytes, then `PhotoProcessing` makes the phone-sized versions without metadata. Each is
/// named by its content, so its URL can be cached for a year.
struct PhotoStore: Sendable {
    let directory: String
    static let maxBytes = 10 * 1024 * 1024
    /// The restaurant's logo is kept like a dish's photo, under this name.
    static let logoName = "restaurant-logo"

    enum Kind: String {
        case jpeg = "jpg", png, webp

        var contentType: String {
            switch self {
            case .jpeg: "image/jpeg"
            case .png: "image/png"
            case .webp: "image/webp"
            }
        }

        /// What the bytes are, by their signature; a declared type or file name is never trusted.
        /// Only these three reach libvips: not SVG, PDF or the other formats it could also read.
        init?(sniffing bytes: [UInt8]) {
            if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { self = .jpeg }
            else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { self = .png }
            else if bytes.count > 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x45, 0x42, 0x50] { self = .webp }
            else { return nil }
        }
    }

    /// Makes and writes (atomically) the photo's versions and returns the large one's URL path.
    /// Nothing is written when the upload is not a usable photo. The item's older photos stay until
    /// the database points at the new one (`removeOthers`).
    func save(_ bytes: [UInt8], tenantId: String, itemId: String) async throws -> String {
        guard Kind(sniffing: bytes) != nil else {
            throw APIError(.unsupportedMediaType, "NOT_A_PHOTO", "Send a JPEG, PNG or WebP photo")
        }
        let versions: PhotoProcessing.Versions
        do {
            versions = try await PhotoProcessing.versions(of: bytes)
        } catch PhotoProcessing.Failure.tooManyPixels {
            throw APIError(.contentTooLarge, "PHOTO_TOO_LARGE", "This photo has too many pixels; send one of at most 50 megapixels")
        } catch {
            throw APIError(.unsupportedMediaType, "NOT_A_PHOTO", "This file could not be read as a photo; send a JPEG, PNG or WebP")
        }
        let folder = (directory as NSString).appendingPathComponent(Self.safe(tenantId))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let hash = Array(SHA256.hash(data: versions.large)).hexEncoded.prefix(16)
        let name = "\(Self.safe(itemId))-\(hash).webp"
        let thumbnail = "\(Self.safe(itemId))-\(hash).s.webp"
        try Data(versions.thumbnail).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(thumbnail)), options: .atomic)
        try Data(versions.large).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)), options: .atomic)
        return "/photos/\(Self.safe(tenantId))/\(name)"
    }

    /// Removes the item's photos other than the one at `url` (and its thumbnail): run once the
    /// database points at `url`. Only this item's own files match: `dal` never takes `dal-2`'s.
    func removeOthers(tenantId: String, itemId: String, keeping url: String) {
        let folder = (directory as NSString).appendingPathComponent(Self.safe(tenantId))
        let kept = Set([url, Self.thumbnailURL(for: url) ?? url].compactMap { $0.split(separator: "/").last.map(String.init) })
        let mine = try? Regex("^\(NSRegularExpression.escapedPattern(for: Self.safe(itemId)))-[0-9a-f]{16}(\\.s)?\\.(jpg|png|webp)$")
        for old in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !kept.contains(old) {
            guard let mine, old.wholeMatch(of: mine) != nil else { continue }
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(old))
        }
    }

    /// The menu list's small version of a photo this store made; nil for photos from before
    /// thumbnails (or from elsewhere), which the list then shows as they are.
    static func thumbnailURL(for url: String?) -> String? {
        guard let url, url.hasPrefix("/photos/"), url.hasSuffix(".webp"), !url.hasSuffix(".s.webp") else { return nil }
        return String(url.dropLast(".webp".count)) + ".s.webp"
    }

    /// Removes a photo this store wrote, by its URL path.
    func remove(url: String) {
        let parts = url.split(separator: "/").map(String.init)
        guard parts.count == 3, parts[0] == "photos", read(tenant: parts[1], name: parts[2]) != nil else { return }
        try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent("\(parts[1])/\(parts[2])"))
        if let small = Self.thumbnailURL(for: url)?.split(separator: "/").last {
            try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent("\(parts[1])/\(small)"))
        }
    }

    /// The stored photo at `tenant/name`, if the name is one this store could have written.
    func read(tenant: String, name: String) -> (bytes: Data, kind: Kind)? {
        guard tenant == Self.safe(tenant), name.wholeMatch(of: /[A-Za-z0-9_\-]{1,64}-[0-9a-f]{16}(\.s)?\.(jpg|png|webp)/) != nil,
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
