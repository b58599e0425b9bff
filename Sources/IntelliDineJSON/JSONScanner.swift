/// A strict, allocation-light reader of one JSON text (RFC 8259), for the cloud's ingest door and
/// the box's order bodies (`PlaceRequest.scanned`). At the ingest door it reads the few fields a
/// batch's envelope needs and checks every other value without building it, so an event's payload
/// can go to Postgres as the very bytes the box signed. Re-encoding payloads through
/// JSONSerialization took four fifths of the ingest process's time (docs/cloud.md, "Throughput").
///
/// Beyond the grammar it refuses what Postgres's jsonb would refuse later, which would fail a
/// whole transaction and have the box send the batch forever: `\u0000`, lone surrogates, and
/// numbers too long for its numeric type. Text is checked as UTF-8 before scanning.
public struct JSONScanner {
    public struct Malformed: Error {
        public init() {}
    }

    private let bytes: UnsafeRawBufferPointer
    public private(set) var offset = 0
    private var depth = 0

    /// Nesting deeper than this is refused: a guard against a stack overflow, far above any payload.
    public static let maxDepth = 64
    /// A number's text, at most: enough for any money or count.
    public static let maxNumberLength = 40

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Whether `bytes` are UTF-8, which the scanner takes for granted: checked before scanning.
    /// ASCII, what nearly every body is, is known by one pass without building a string.
    public static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.allSatisfy { $0 < 0x80 } || String(validating: bytes, as: UTF8.self) != nil
    }

    public var isAtEnd: Bool { offset == bytes.count }

    // MARK: Structure

    /// Reads `{`, then calls `field` with each key, positioned at its value; `field` must consume it.
    public mutating func object(_ field: (inout JSONScanner, String) throws(Malformed) -> Void) throws(Malformed) {
        try enter(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") { offset += 1; depth -= 1; return }
        while true {
            guard try peek() == UInt8(ascii: "\"") else { throw Malformed() }
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try field(&self, key)
            switch try next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): depth -= 1; return
            default: throw Malformed()
            }
        }
    }

    /// Reads `[`, then calls `element` positioned at each element; `element` must consume it.
    public mutating func array(_ element: (inout JSONScanner) throws(Malformed) -> Void) throws(Malformed) {
        try enter(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") { offset += 1; depth -= 1; return }
        while true {
            try element(&self)
            switch try next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): depth -= 1; return
            default: throw Malformed()
            }
        }
    }

    /// The next value's first byte, after whitespace, without consuming it.
    public mutating func peek() throws(Malformed) -> UInt8 {
        skipWhitespace()
        guard offset < bytes.count else { throw Malformed() }
        return bytes[offset]
    }

    /// Checks the next value, whatever it is, and returns where its text lies.
    @discardableResult
    public mutating func skipValue() throws(Malformed) -> Range<Int> {
        let first = try peek()
        let start = offset
        switch first {
        case UInt8(ascii: "{"): try object { scanner, _ throws(Malformed) in try scanner.skipValue() }
        case UInt8(ascii: "["): try array { scanner throws(Malformed) in try scanner.skipValue() }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try number()
        }
        return start..<offset
    }

    /// After the top-level value: only whitespace may follow.
    public mutating func finish() throws(Malformed) {
        skipWhitespace()
        guard isAtEnd else { throw Malformed() }
    }

    // MARK: Scalars

    /// A string, unescaped. A value that is not a string is refused.
    public mutating func string() throws(Malformed) -> String {
        skipWhitespace()
        let start = offset + 1
        if try scanString() {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(offset - 1)]), as: UTF8.self)
        }
        return try decodeEscaped(from: start, to: offset - 1)
    }

    /// `true` or `false`. Any other value is refused.
    public mutating func bool() throws(Malformed) -> Bool {
        if try peek() == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// An integer without fraction or exponent that fits 64 bits, or nil for any other number.
    /// A value that is not a number is refused.
    public mutating func integer() throws(Malformed) -> Int64? {
        let range = try number()
        var value: Int64 = 0
        var index = range.lowerBound
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        while index < range.upperBound {
            let digit = bytes[index]
            guard (48...57).contains(digit) else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(digit - 48))
            guard !o1, !o2 else { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    /// The text of `range`, which the scanner has checked to be JSON in valid UTF-8.
    public func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    // MARK: Below

    private mutating func enter(_ opening: UInt8) throws(Malformed) {
        guard try peek() == opening else { throw Malformed() }
        depth += 1
        guard depth <= Self.maxDepth else { throw Malformed() }
        offset += 1
    }

    private mutating func next() throws(Malformed) -> UInt8 {
        let byte = try peek()
        offset += 1
        return byte
    }

    private mutating func expect(_ byte: UInt8) throws(Malformed) {
        guard try next() == byte else { throw Malformed() }
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(Malformed) {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw Malformed() }
        for index in 0..<count where bytes[offset + index] != word.utf8Start[index] { throw Malformed() }
        offset += count
    }

    private mutating func skipString() throws(Malformed) {
        _ = try scanString()
    }

    /// Moves past a string, checking its escapes; true when it has none (its bytes are its text).
    private mutating func scanString() throws(Malformed) -> Bool {
        guard try next() == UInt8(ascii: "\"") else { throw Malformed() }
        var plain = true
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""): return plain
            case UInt8(ascii: "\\"):
                plain = false
                guard offset < bytes.count else { throw Malformed() }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): continue
                case UInt8(ascii: "u"):
                    let unit = try hex4()
                    if unit == 0 { throw Malformed() }
                    if (0xDC00...0xDFFF).contains(unit) { throw Malformed() }
                    if (0xD800...0xDBFF).contains(unit) {
                        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
                        else { throw Malformed() }
                        offset += 2
                        guard (0xDC00...0xDFFF).contains(try hex4()) else { throw Malformed() }
                    }
                default: throw Malformed()
                }
            case 0..<0x20: throw Malformed()
            default: continue
            }
        }
        throw Malformed()
    }

    private mutating func hex4() throws(Malformed) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw Malformed() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            offset += 1
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 65...70: digit = byte - 55
            case 97...102: digit = byte - 87
            default: throw Malformed()
            }
            value = value * 16 + UInt32(digit)
        }
        return value
    }

    /// A string's text with its escapes resolved (already checked by `scanString`).
    private func decodeEscaped(from start: Int, to end: Int) throws(Malformed) -> String {
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        var index = start
        func flush() {
            if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw.removeAll() }
        }
        func hex(at position: Int) -> UInt32 {
            var value: UInt32 = 0
            for byte in bytes[position..<(position + 4)] {
                value = value * 16 + UInt32(byte <= 57 ? byte - 48 : (byte | 0x20) - 87)
            }
            return value
        }
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else { raw.append(byte); index += 1; continue }
            flush()
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var unit = hex(at: index)
                index += 4
                if (0xD800...0xDBFF).contains(unit) {
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (hex(at: index + 2) - 0xDC00)
                    index += 6
                }
                guard let scalar = Unicode.Scalar(unit) else { throw Malformed() }
                scalars.append(scalar)
            default: scalars.append(Unicode.Scalar(escape))
            }
        }
        flush()
        return String(scalars)
    }

    /// A number's text, by the grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func number() throws(Malformed) -> Range<Int> {
        skipWhitespace()
        let start = offset
        func digits() -> Int {
            let from = offset
            while offset < bytes.count, (48...57).contains(bytes[offset]) { offset += 1 }
            return offset - from
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count else { throw Malformed() }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
        } else {
            guard digits() > 0 else { throw Malformed() }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw Malformed() }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            // Postgres's numeric holds exponents in the thousands, not beyond.
            guard (1...4).contains(digits()) else { throw Malformed() }
        }
        guard offset - start <= Self.maxNumberLength else { throw Malformed() }
        return start..<offset
    }
}
