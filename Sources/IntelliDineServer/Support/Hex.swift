/// Lower-case hex of bytes: digests and signatures on the wire (`sha256=<hex>`, ETags).
extension Sequence where Element == UInt8 {
    var hexEncoded: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
