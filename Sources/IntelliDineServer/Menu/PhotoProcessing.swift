import CVips
import NIOPosix

/// Dish photos made right for phones, on the box, with libvips (`Sources/CVips/shim.h`): turned
/// upright, shrunk, saved as WebP, and stripped of every piece of metadata, so a photo taken on the
/// manager's phone never publishes where it was taken. Runs on NIO's blocking thread pool: a large
/// photo takes a few hundred milliseconds of CPU, which must not stall the event loops.
enum PhotoProcessing {
    /// The versions kept of each photo: the dish's page and the menu list's thumbnail.
    static let largeSize: Int32 = 800
    static let thumbnailSize: Int32 = 192
    /// Beyond this a 10 MB file is a decompression bomb, not a photo (50 megapixels decodes to 150 MB).
    static let maxPixels = 50_000_000

    enum Failure: Error { case unreadable, tooManyPixels }

    /// libvips starts once per process, on first use.
    private static let started: Bool = intellidine_vips_start() == 0

    struct Versions: Sendable {
        var large: [UInt8]
        var thumbnail: [UInt8]
    }

    static func versions(of bytes: [UInt8]) async throws -> Versions {
        try await NIOThreadPool.singleton.runIfActive { try versionsNow(of: bytes) }
    }

    static func versionsNow(of bytes: [UInt8]) throws -> Versions {
        guard started else { throw Failure.unreadable }
        var width: Int32 = 0
        var height: Int32 = 0
        let read = bytes.withUnsafeBytes { intellidine_vips_size($0.baseAddress, $0.count, &width, &height) }
        guard read == 0, width > 0, height > 0 else { throw Failure.unreadable }
        guard Int(width) * Int(height) <= maxPixels else { throw Failure.tooManyPixels }
        // The thumbnail is made from the 800 px version: the upload (up to 50 megapixels) is decoded once.
        let large = try webp(bytes, size: largeSize, quality: 80)
        return Versions(large: large, thumbnail: try webp(large, size: thumbnailSize, quality: 75))
    }

    private static func webp(_ bytes: [UInt8], size: Int32, quality: Int32) throws -> [UInt8] {
        var out: UnsafeMutableRawPointer?
        var length = 0
        let failed = bytes.withUnsafeBytes { intellidine_vips_webp($0.baseAddress, $0.count, size, quality, &out, &length) }
        guard failed == 0, let out else { throw Failure.unreadable }
        defer { intellidine_vips_free(out) }
        guard let bare = WebPMetadata.strip(Array(UnsafeRawBufferPointer(start: out, count: length))) else { throw Failure.unreadable }
        return bare
    }
}

/// Takes the metadata chunks (EXIF, XMP, ICC profile) out of a WebP file. libvips 8.14 writes an
/// EXIF chunk of its own (orientation, resolution) even when told to strip: nothing from the photo
/// reaches it, but a published photo should carry nothing at all. RIFF layout:
/// https://developers.google.com/speed/webp/docs/riff_container
enum WebPMetadata {
    static let dropped: Set<String> = ["EXIF", "XMP ", "ICCP"]

    static func strip(_ file: [UInt8]) -> [UInt8]? {
        guard file.count >= 12, Array(file[0..<4]) == Array("RIFF".utf8), Array(file[8..<12]) == Array("WEBP".utf8) else { return nil }
        var chunks: [UInt8] = []
        var offset = 12
        while offset + 8 <= file.count {
            let fourCC = String(decoding: file[offset..<offset + 4], as: UTF8.self)
            let size = Int(file[offset + 4]) | Int(file[offset + 5]) << 8 | Int(file[offset + 6]) << 16 | Int(file[offset + 7]) << 24
            let end = offset + 8 + size + (size & 1)
            guard end <= file.count else { return nil }
            if !dropped.contains(fourCC) {
                var chunk = Array(file[offset..<end])
                // VP8X's flags say which optional chunks follow: clear ICC (0x20), EXIF (0x08) and XMP (0x04).
                if fourCC == "VP8X", chunk.count > 8 { chunk[8] &= ~UInt8(0x20 | 0x08 | 0x04) }
                chunks += chunk
            }
            offset = end
        }
        let riffSize = UInt32(4 + chunks.count)
        return Array("RIFF".utf8) + withUnsafeBytes(of: riffSize.littleEndian, Array.init) + Array("WEBP".utf8) + chunks
    }
}
