/// How a table's bill is divided into parts that are paid separately. Every split sums back to
/// the amount due exactly: paise left over are given to parts, never lost or invented.
public enum BillSplit {
    public enum Refusal: Error, Equatable, Sendable {
        case partCount(Int)
        case amountsDoNotAddUp(expected: Paise, got: Paise)
        case nonPositivePart
        case lineNotOnBill(String)
        case lineInTwoParts(String)
        case linesLeftOut([String])
    }

    public static let maxParts = 20

    /// `total` in `parts` equal parts; the paise that do not divide go one each to the first parts
    /// (₹1,000.01 in three: ₹333.34, ₹333.34, ₹333.33).
    public static func equal(_ total: Paise, parts: Int) throws(Refusal) -> [Paise] {
        guard (1...maxParts).contains(parts) else { throw .partCount(parts) }
        let share = total.value / Int64(parts)
        let left = total.value % Int64(parts)
        let amounts = (0..<parts).map { Paise(share + ($0 < left ? 1 : 0)) }
        guard amounts.allSatisfy({ $0 > .zero }) else { throw .nonPositivePart }
        return amounts
    }

    /// Parts of the sizes given, which must add up to `total` to the paisa.
    public static func amounts(_ amounts: [Paise], total: Paise) throws(Refusal) -> [Paise] {
        guard (1...maxParts).contains(amounts.count) else { throw .partCount(amounts.count) }
        guard amounts.allSatisfy({ $0 > .zero }) else { throw .nonPositivePart }
        // Parts over the total cannot add up to it; refusing them first keeps the sum of at most
        // `maxParts` parts from overflowing (a trap that would stop the daemon).
        if let over = amounts.first(where: { $0 > total }) { throw .amountsDoNotAddUp(expected: total, got: over) }
        let sum = amounts.reduce(Paise.zero, +)
        guard sum == total else { throw .amountsDoNotAddUp(expected: total, got: sum) }
        return amounts
    }

    /// One bill line with what it costs the guest, tax included (`lineShares` of its order).
    public struct Line: Sendable, Equatable {
        public var id: String
        public var gross: Paise

        public init(id: String, gross: Paise) {
            self.id = id
            self.gross = gross
        }
    }

    /// Each part pays for the lines it names; every line is in exactly one part.
    public static func byItems(_ parts: [[String]], lines: [Line]) throws(Refusal) -> [Paise] {
        guard (1...maxParts).contains(parts.count) else { throw .partCount(parts.count) }
        let gross = Dictionary(uniqueKeysWithValues: lines.map { ($0.id, $0.gross) })
        var seen: Set<String> = []
        var amounts: [Paise] = []
        for part in parts {
            var amount = Paise.zero
            for id in part {
                guard let value = gross[id] else { throw .lineNotOnBill(id) }
                guard seen.insert(id).inserted else { throw .lineInTwoParts(id) }
                amount += value
            }
            guard amount > .zero else { throw .nonPositivePart }
            amounts.append(amount)
        }
        let missing = lines.map(\.id).filter { !seen.contains($0) }
        guard missing.isEmpty else { throw .linesLeftOut(missing) }
        return amounts
    }

    /// An order's total (tax, service charge and round-off included) shared among its lines in
    /// proportion to what each costs with its own tax, by largest remainder, so the shares add up to
    /// the order's total exactly. A line's weight is its subtotal × (1 + its rate) when prices are
    /// before tax, and its subtotal when they include it: a ₹100 dish at 5 % and a ₹100 drink at
    /// 40 % pay ₹105 and ₹140, not half each.
    public static func lineShares(orderTotal: Paise, lines: [(subtotal: Paise, rate: GSTRate)], pricesIncludeTax: Bool) -> [Paise] {
        // Rates are whole percents (the GST slabs): (100 + rate) keeps the weights small.
        lineShares(orderTotal: orderTotal, weights: lines.map {
            pricesIncludeTax ? $0.subtotal.value : $0.subtotal.value * Int64(100 + $0.rate.total.value / 100)
        })
    }

    /// `orderTotal` by largest remainder in proportion to `weights`. Products are taken at full
    /// width: a large order's total times a large weight does not fit in 64 bits.
    public static func lineShares(orderTotal: Paise, weights: [Int64]) -> [Paise] {
        let base = weights.reduce(Int64(0), +)
        guard base > 0 else { return weights.map { _ in .zero } }
        let divided = weights.map { base.dividingFullWidth(orderTotal.value.multipliedFullWidth(by: $0)) }
        var shares = divided.map(\.quotient)
        let remainders = divided.enumerated().map { ($0.offset, $0.element.remainder) }
        var left = orderTotal.value - shares.reduce(0, +)
        for (index, _) in remainders.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) where left > 0 {
            shares[index] += 1
            left -= 1
        }
        return shares.map { Paise($0) }
    }
}
