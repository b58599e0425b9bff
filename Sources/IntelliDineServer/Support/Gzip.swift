import CZlib

/// gzip (RFC 1952) of a whole buffer at the best compression, with the system's zlib. Used once
/// per web asset at start (a phone on the restaurant's Wi-Fi downloads a third of the bytes);
/// `nil` if zlib refuses, and the asset is then served as it is.
enum Gzip {
    static func compress(_ input: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        // windowBits 15 + 16 asks zlib for a gzip wrapper rather than a raw zlib stream.
        guard deflateInit2_(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var source = input
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        let result = source.withUnsafeMutableBufferPointer { from in
            output.withUnsafeMutableBufferPointer { into in
                stream.next_in = from.baseAddress
                stream.avail_in = uInt(from.count)
                stream.next_out = into.baseAddress
                stream.avail_out = uInt(into.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else { return nil }
        return Array(output.prefix(Int(stream.total_out)))
    }
}
