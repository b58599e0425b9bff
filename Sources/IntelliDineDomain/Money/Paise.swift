import Foundation

/// An amount of Indian money in paise (₹1 = 100 paise). Money is never a floating-point value.
public struct Paise: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    public static let zero = Paise(0)

    /// Whole rupees, e.g. `Paise(rupees: 280)` is ₹280.00.
    public init(rupees: Int64) { self.value = rupees * 100 }

    /// Exact conversion from a decimal rupee amount; `nil` when it has fractions of a paisa
    /// or does not fit, so `1099.999` is refused rather than silently rounded.
    public init?(rupees: Decimal) {
        var scaled = rupees * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled, !rounded.isNaN,
              rounded <= Decimal(Int64.max / 2), rounded >= Decimal(Int64.min / 2) else { return nil }
        self.value = NSDecimalNumber(decimal: rounded).int64Value
    }

    /// The amount in rupees as an exact decimal, for JSON (`1088.55`). Built from the paise and a
    /// scale of 10⁻², not by division, which is exact and several times cheaper.
    public var rupees: Decimal {
        Decimal(sign: value < 0 ? .minus : .plus, exponent: -2, significand: Decimal(value.magnitude))
    }

    /// "₹1,088.55" with Indian digit grouping, for SMS and receipts.
    public var formatted: String {
        let negative = value < 0
        let magnitude = value.magnitude
        let whole = String(magnitude / 100)
        let fraction = magnitude % 100
        let grouped = Self.indianGrouping(whole)
        let fractionText = fraction < 10 ? "0\(fraction)" : "\(fraction)"
        return (negative ? "-" : "") + "₹" + grouped + "." + fractionText
    }

    /// Indian grouping: the last three digits, then groups of two (12,34,567).
    private static func indianGrouping(_ digits: String) -> String {
        guard digits.count > 3 else { return digits }
        var head = String(digits.dropLast(3))
        let tail = String(digits.suffix(3))
        var groups: [String] = []
        while head.count > 2 {
            groups.insert(String(head.suffix(2)), at: 0)
            head = String(head.dropLast(2))
        }
        if !head.isEmpty { groups.insert(head, at: 0) }
        return (groups + [tail]).joined(separator: ",")
    }

    public var description: String { formatted }

    public static func < (lhs: Paise, rhs: Paise) -> Bool { lhs.value < rhs.value }
    public static func + (lhs: Paise, rhs: Paise) -> Paise { Paise(lhs.value + rhs.value) }
    public static func - (lhs: Paise, rhs: Paise) -> Paise { Paise(lhs.value - rhs.value) }
    public static func * (lhs: Paise, rhs: Int) -> Paise { Paise(lhs.value * Int64(rhs)) }
    public static func += (lhs: inout Paise, rhs: Paise) { lhs.value += rhs.value }

    /// `self × rate`, rounded half up to the paisa. Amounts here are never negative.
    public func applying(_ rate: BasisPoints) -> Paise {
        Paise((value * Int64(rate.value) + 5_000) / 10_000)
    }
}

/// Encodes as rupees, a JSON number with at most two decimals (`1088.55`): how every API answer
/// and event payload shows money (docs/events.md, "Payload conventions").
extension Paise: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let rupees = try container.decode(Decimal.self)
        guard let paise = Paise(rupees: rupees) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "An amount must be in rupees with at most two decimals")
        }
        self = paise
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rupees)
    }
}
