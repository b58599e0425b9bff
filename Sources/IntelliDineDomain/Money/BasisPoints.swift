import Foundation

/// A rate in hundredths of a percent: 1800 is 18 %, 1500 is 15 %.
public struct BasisPoints: Hashable, Comparable, Sendable {
    public var value: Int

    public init(_ value: Int) { self.value = value }
    public init(percent: Int) { self.value = percent * 100 }

    /// An exact percentage with at most two decimals (`12.5` → 1250); nil otherwise, or outside 0–100 %.
    public init?(percent: Decimal) {
        var scaled = percent * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled, rounded >= 0, rounded <= 10_000 else { return nil }
        self.value = NSDecimalNumber(decimal: rounded).intValue
    }

    public static let zero = BasisPoints(0)
    public static let hundredPercent = BasisPoints(10_000)

    /// As a percentage number for JSON (`15`, `12.5`). Built from the basis points and a scale of
    /// 10⁻², as `Paise.rupees` is: exact, and several times cheaper than a division.
    public var percent: Decimal {
        Decimal(sign: value < 0 ? .minus : .plus, exponent: -2, significand: Decimal(value.magnitude))
    }

    public static func < (lhs: BasisPoints, rhs: BasisPoints) -> Bool { lhs.value < rhs.value }
    public static func - (lhs: BasisPoints, rhs: BasisPoints) -> BasisPoints { BasisPoints(lhs.value - rhs.value) }
}
