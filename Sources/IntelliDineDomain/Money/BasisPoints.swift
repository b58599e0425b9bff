import Foundation

/// A rate in hundredths of a percent: 1800 is 18 %, 1500 is 15 %.
public struct BasisPoints: Hashable, Comparable, Sendable {
    public var value: Int

    public init(_ value: Int) { self.value = value }
    public init(percent: Int) { self.value = percent * 100 }

    public static let zero = BasisPoints(0)
    public static let hundredPercent = BasisPoints(10_000)

    /// As a percentage number for JSON (`15`, `12.5`).
    public var percent: Decimal { Decimal(value) / 100 }

    public static func < (lhs: BasisPoints, rhs: BasisPoints) -> Bool { lhs.value < rhs.value }
    public static func - (lhs: BasisPoints, rhs: BasisPoints) -> BasisPoints { BasisPoints(lhs.value - rhs.value) }
}
