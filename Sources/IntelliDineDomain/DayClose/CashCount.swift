/// The drawer at the end of the day (docs/day-close.md): the cash the box expects, the cash the
/// manager counts, and the difference between them.
public enum CashCount {
    /// Indian notes and coins in circulation, in rupees, largest first.
    public static let denominations: [Int] = [500, 200, 100, 50, 20, 10, 5, 2, 1]

    public enum Refusal: Error, Equatable, Sendable {
        case unknownDenomination(String)
        case negativeCount(Int)
        case tooLarge
    }

    /// The total of a count by denomination (`["500": 3, "100": 2]` is ₹1,700). Keys are rupee
    /// values as text, as a form sends them.
    public static func total(of counts: [String: Int]) throws(Refusal) -> Paise {
        var total: Int64 = 0
        for (key, count) in counts {
            guard let rupees = Int(key), denominations.contains(rupees) else { throw .unknownDenomination(key) }
            guard count >= 0 else { throw .negativeCount(rupees) }
            guard count <= 100_000 else { throw .tooLarge }
            total += Int64(rupees) * Int64(count) * 100
        }
        return Paise(total)
    }

    /// What should be in the drawer: the float it started with, the day's cash payments (each the
    /// amount due: the change handed back never entered the drawer), plus cash put in, minus cash
    /// taken out (petty cash paid out, float added).
    public static func expected(openingFloat: Paise, cashPayments: Paise, cashIn: Paise, cashOut: Paise) -> Paise {
        openingFloat + cashPayments + cashIn - cashOut
    }
}
