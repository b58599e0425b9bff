import Foundation
import IntelliDineDomain

/// What only an order's write decides, inside the shared transaction.
public enum WriterField: Sendable {
    case ticketNumber, tableSessionId, round
}

/// The writer's values for the holes a template left (`JSONText.leavesWriterFieldsOpen`).
public struct WriterValues: Sendable {
    public var ticketNumber: Int
    public var tableSessionId: String
    public var round: Int

    public init(ticketNumber: Int, tableSessionId: String, round: Int) {
        self.ticketNumber = ticketNumber
        self.tableSessionId = tableSessionId
        self.round = round
    }
}

/// A JSON writer for the order path's hot answers: the 201 body of a placed order, its
/// `order.created` payload and the idempotency hash's canonical form. Foundation's `JSONEncoder`
/// was a tenth of the daemon's CPU per order, most of it in `Codable`'s generic machinery
/// (docs/architecture.md, "Storage").
///
/// It writes exactly what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes for
/// the same values, so stored events and idempotent replays read the same either way. That holds
/// only if each caller writes an object's keys in byte order and leaves out nil optionals, as
/// the synthesised `Encodable` does; `JSONTextTests` compares the two outputs for every caller.
public struct JSONText: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next value or key needs a comma before it.
    private var afterValue = false
    /// Write the values only an order's write decides as holes, to fill there (`filled`): the rest
    /// of the order's 201 body and of its `order.created` is written before, off the single writer.
    public var leavesWriterFieldsOpen = false
    /// Where each hole is, in the order written.
    private var holes: [(offset: Int, field: WriterField)] = []

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    public var data: Data { Data(bytes) }
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Structure

    public mutating func object(_ body: (inout JSONText) throws -> Void) rethrows {
        beginValue()
        bytes.append(UInt8(ascii: "{"))
        afterValue = false
        try body(&self)
        bytes.append(UInt8(ascii: "}"))
        afterValue = true
    }

    public mutating func array<S: Sequence>(_ elements: S, _ element: (inout JSONText, S.Element) throws -> Void) rethrows {
        beginValue()
        bytes.append(UInt8(ascii: "["))
        afterValue = false
        for value in elements { try element(&self, value) }
        bytes.append(UInt8(ascii: "]"))
        afterValue = true
    }

    /// An object's key; the value written next is its value. Keys are ASCII names from the code.
    public mutating func key(_ name: StaticString) {
        beginValue()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        afterValue = false
    }

    // MARK: Values

    public mutating func string(_ value: String) {
        beginValue()
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                Self.appendEscape(of: byte, to: &bytes)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
        afterValue = true
    }

    public mutating func int(_ value: some BinaryInteger) {
        beginValue()
        appendDigits(of: value)
        afterValue = true
    }

    public mutating func bool(_ value: Bool) {
        beginValue()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
        afterValue = true
    }

    /// Money as rupees, as `Paise`'s `Encodable` writes it: `1088.55`, `120.5`, `-0.4`, `0`.
    public mutating func rupees(_ amount: Paise) { hundredths(amount.value) }

    /// A rate as a percentage, as `BasisPoints.percent` writes it: `5`, `12.5`.
    public mutating func percent(_ rate: BasisPoints) { hundredths(Int64(rate.value)) }

    /// A `Decimal` as `JSONEncoder` writes it: its description.
    public mutating func decimal(_ value: Decimal) {
        beginValue()
        bytes.append(contentsOf: value.description.utf8)
        afterValue = true
    }

    // MARK: Keyed shorthands

    public mutating func field(_ name: StaticString, _ value: String) { key(name); string(value) }
    public mutating func field(_ name: StaticString, _ value: Int) { key(name); int(value) }
    public mutating func field(_ name: StaticString, _ value: Bool) { key(name); bool(value) }
    public mutating func field(_ name: StaticString, _ value: Paise) { key(name); rupees(value) }

    /// Left out when nil, as a synthesised `Encodable` leaves out a nil optional.
    public mutating func field(_ name: StaticString, ifPresent value: String?) {
        if let value { field(name, value) }
    }

    // MARK: What the order's write decides

    /// `name: value`, or `name:` and a hole for the writer's value.
    public mutating func field(_ name: StaticString, _ value: Int, writer field: WriterField) {
        guard leavesWriterFieldsOpen else { return self.field(name, value) }
        key(name)
        hole(field)
    }

    /// As `field(_:ifPresent:)`, or `name:` and a hole for the writer's value (which is never nil).
    public mutating func field(_ name: StaticString, ifPresent value: String?, writer field: WriterField) {
        guard leavesWriterFieldsOpen else { return self.field(name, ifPresent: value) }
        key(name)
        hole(field)
    }

    /// The bytes with each hole filled: what writing the same values in the first place gives.
    public func filled(_ values: WriterValues) -> [UInt8] {
        var filled: [UInt8] = []
        filled.reserveCapacity(bytes.count + 64)
        var start = 0
        for hole in holes {
            filled.append(contentsOf: bytes[start..<hole.offset])
            var value = JSONText(capacity: 32)
            switch hole.field {
            case .ticketNumber: value.int(values.ticketNumber)
            case .tableSessionId: value.string(values.tableSessionId)
            case .round: value.int(values.round)
            }
            filled.append(contentsOf: value.bytes)
            start = hole.offset
        }
        filled.append(contentsOf: bytes[start...])
        return filled
    }

    private mutating func hole(_ field: WriterField) {
        holes.append((bytes.count, field))
        afterValue = true
    }

    // MARK: Private

    private mutating func beginValue() {
        if afterValue { bytes.append(UInt8(ascii: ",")) }
    }

    /// A number of hundredths with its trailing zero decimals dropped, as `Decimal` prints it.
    private mutating func hundredths(_ value: Int64) {
        beginValue()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        appendDigits(of: magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
            if fraction % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
        }
        afterValue = true
    }

    private mutating func appendDigits(of value: some BinaryInteger) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = UInt64(value.magnitude)
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// `JSONEncoder`'s escapes: the short forms where JSON has them, `\u00xx` (lower-case hex) for
    /// the other control characters; `/` and everything from U+007F up are written as they are.
    private static func appendEscape(of byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
    }

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
}
