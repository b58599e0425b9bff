import CQRencode
import Foundation

/// A QR code symbol from libqrencode (error correction M, 8-bit mode): a square of modules.
struct QRCode: Sendable {
    let width: Int
    /// Row by row; true is a dark module.
    let modules: [Bool]

    /// Nil only if libqrencode cannot encode the text (far longer than any table URL).
    init?(_ text: String) {
        guard let symbol = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { return nil }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        // Bit 0 of each byte is the module's colour; the other bits are libqrencode's bookkeeping.
        self.width = width
        self.modules = (0..<width * width).map { symbol.pointee.data[$0] & 1 == 1 }
    }

    func isDark(_ x: Int, _ y: Int) -> Bool { modules[y * width + x] }

    /// The quiet zone the standard asks for around the symbol, in modules.
    static let quietZone = 4

    /// A scalable SVG: one path of unit squares, the quiet zone included, `size` user units wide.
    func svg(size: Int = 256, title: String? = nil) -> String {
        let span = width + 2 * Self.quietZone
        var path = ""
        for y in 0..<width {
            for x in 0..<width where isDark(x, y) {
                path += "M\(x + Self.quietZone) \(y + Self.quietZone)h1v1h-1z"
            }
        }
        let label = title.map { "<title>\(HTMLText.escape($0))</title>" } ?? ""
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(span) \(span)" width="\(size)" height="\(size)" \
            shape-rendering="crispEdges">\(label)<rect width="\(span)" height="\(span)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }

    /// A 1-bit greyscale PNG, `scale` pixels per module, quiet zone included.
    func png(scale: Int = 8) -> [UInt8] {
        let side = (width + 2 * Self.quietZone) * scale
        let rowBytes = (side + 7) / 8
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * side)
        for py in 0..<side {
            raw.append(0)  // filter: none
            var row = [UInt8](repeating: 0xFF, count: rowBytes)  // white
            let y = py / scale - Self.quietZone
            if y >= 0 && y < width {
                for px in 0..<side {
                    let x = px / scale - Self.quietZone
                    if x >= 0 && x < width && isDark(x, y) { row[px / 8] &= ~(0x80 >> UInt8(px % 8)) }
                }
            }
            raw += row
        }
        return PNG.encodeGreyscale1Bit(width: side, height: side, rows: raw)
    }
}

/// Just enough PNG to write a black-and-white image: IHDR, IDAT with stored (uncompressed)
/// deflate blocks, IEND. A QR code sheet is a few kilobytes either way.
enum PNG {
    static func encodeGreyscale1Bit(width: Int, height: Int, rows: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [1, 0, 0, 0, 0]  // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
        out += chunk("IHDR", header)
        out += chunk("IDAT", zlibStored(rows))
        out += chunk("IEND", [])
        return out
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let last: UInt8 = offset + length == data.count ? 1 : 0
            out.append(last)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

/// Escaping for text placed in HTML or SVG markup built on the server.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
