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

    /// An order's total (tax included) shared among its lines in proportion to their pre-tax
    /// amounts, by largest remainder, so the shares add up to the order's total exactly.
    public static func lineShares(orderTotal: Paise, lineSubtotals: [Paise]) -> [Paise] {
        let base = lineSubtotals.reduce(Int64(0)) { $0 + $1.value }
        guard base > 0 else { return lineSubtotals.map { _ in .zero } }
        var shares = lineSubtotals.map { orderTotal.value * $0.value / base }
        let remainders = lineSubtotals.enumerated().map { ($0.offset, orderTotal.value * $0.element.value % base) }
        var left = orderTotal.value - shares.reduce(0, +)
        for (index, _) in remainders.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) where left > 0 {
            shares[index] += 1
            left -= 1
        }
        return shares.map { Paise($0) }
    }
}
