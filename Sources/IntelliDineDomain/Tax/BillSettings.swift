/// How a restaurant's bills are worked out (docs/tax.md): the GST rate of its service, whether
/// menu prices include tax, the optional service charge it may offer, and round-off to the rupee.
/// Every order keeps the figures it was placed with; changing a setting changes only new orders.
public struct BillSettings: Hashable, Sendable {
    /// The rate of the restaurant's own service (its "standard" tax class, SAC 996331). Dishes in
    /// another tax class carry their own rate; a service charge is always taxed at this one,
    /// because it is part of the price of the restaurant's service.
    public var standardRate: GSTRate
    /// Menu prices already include GST: the tax is taken out of them rather than added on.
    public var pricesIncludeTax: Bool
    /// The service charge offered to guests, on the bill's pre-tax value; zero offers none. It is
    /// only ever added when the guest asks for it (the Central Consumer Protection Authority's 2022
    /// guidelines forbid adding it by default).
    public var serviceCharge: BasisPoints
    /// Each order's total is rounded to the rupee (half a rupee up), shown as its own line.
    public var roundOff: Bool

    public init(standardRate: GSTRate, pricesIncludeTax: Bool = false, serviceCharge: BasisPoints = .zero, roundOff: Bool = false) {
        self.standardRate = standardRate
        self.pricesIncludeTax = pricesIncludeTax
        self.serviceCharge = serviceCharge
        self.roundOff = roundOff
    }

    /// The demo restaurant: 18 %, prices before tax, no service charge, no round-off (the demo
    /// journey's ₹1,088.55 holds).
    public static let demo = BillSettings(standardRate: .restaurant18)

    /// The largest service charge a manager may set.
    public static let maxServiceCharge = BasisPoints(percent: 20)
}

/// GST charged at one rate on one bill: the taxable value and its CGST and SGST halves.
public struct TaxLine: Hashable, Sendable {
    public var rate: GSTRate
    public var taxable: Paise
    public var tax: GSTBreakdown

    public init(rate: GSTRate, taxable: Paise, tax: GSTBreakdown) {
        self.rate = rate
        self.taxable = taxable
        self.tax = tax
    }

    /// Several bills' taxes added up rate by rate, lowest rate first (a table's bill, an invoice).
    public static func sumByRate(_ bills: [[TaxLine]]) -> [TaxLine] {
        var byRate: [GSTRate: TaxLine] = [:]
        for line in bills.joined() {
            var sum = byRate[line.rate] ?? TaxLine(rate: line.rate, taxable: .zero, tax: .zero)
            sum.taxable += line.taxable
            sum.tax = sum.tax + line.tax
            byRate[line.rate] = sum
        }
        return byRate.values.sorted { $0.rate.total < $1.rate.total }
    }
}

/// What a bill adds up to once its lines are priced: the service charge, the tax at each rate, the
/// round-off and the total.
public struct BillAmounts: Hashable, Sendable {
    /// The lines' amounts as the menu shows them (tax included when prices include tax).
    public var subtotal: Paise
    public var serviceCharge: Paise
    /// One line per rate, lowest rate first.
    public var taxes: [TaxLine]
    /// The total before round-off.
    public var unrounded: Paise
    public var roundOff: Paise
    public var total: Paise { unrounded + roundOff }
}

extension BillSettings {
    /// Adds up lines priced at menu prices (after discounts), each with its rate.
    ///
    /// Tax is worked out once per rate on the sum of that rate's lines, then split (`GSTRate.tax`),
    /// never line by line, so CGST and SGST are what the invoice's taxable values say. With prices
    /// that include tax, the taxable value is the price × 100 / (100 + rate), rounded half up, and the
    /// tax is what is left: the guest pays exactly the menu price.
    public func bill(_ lines: [(amount: Paise, rate: GSTRate)], withServiceCharge: Bool, roundingOff: Bool? = nil) -> BillAmounts {
        var byRate: [GSTRate: Paise] = [:]
        for line in lines { byRate[line.rate, default: .zero] += line.amount }
        let subtotal = lines.reduce(Paise.zero) { $0 + $1.amount }
        // The value of the food before tax, on which a service charge is a percentage.
        var taxable: [GSTRate: Paise] = [:]
        var taxIncluded: [GSTRate: Paise] = [:]
        for (rate, amount) in byRate {
            let value = pricesIncludeTax ? Self.taxableValue(ofTaxInclusive: amount, at: rate) : amount
            taxable[rate] = value
            if pricesIncludeTax { taxIncluded[rate] = amount - value }
        }
        let foodValue = taxable.values.reduce(Paise.zero, +)
        let serviceCharge = withServiceCharge ? foodValue.applying(self.serviceCharge) : .zero
        var taxes: [TaxLine] = []
        var added = Paise.zero
        for rate in Set(taxable.keys).union(serviceCharge > .zero ? [standardRate] : []).sorted(by: { $0.total < $1.total }) {
            let charged = rate == standardRate ? serviceCharge : .zero
            let value = (taxable[rate] ?? .zero) + charged
            let combined: Paise
            if pricesIncludeTax {
                // The tax inside the menu prices, plus the tax on a service charge, which is added.
                combined = (taxIncluded[rate] ?? .zero) + charged.applying(rate.total)
                added += charged.applying(rate.total)
            } else {
                combined = value.applying(rate.total)
                added += combined
            }
            taxes.append(TaxLine(rate: rate, taxable: value, tax: GSTRate.split(combined)))
        }
        let unrounded = subtotal + serviceCharge + added
        let roundOff = (roundingOff ?? self.roundOff) ? Self.roundOff(unrounded) : .zero
        return BillAmounts(subtotal: subtotal, serviceCharge: serviceCharge, taxes: taxes, unrounded: unrounded, roundOff: roundOff)
    }

    /// The value before tax inside a tax-inclusive amount, rounded half up: ₹105.00 at 5 % → ₹100.00.
    public static func taxableValue(ofTaxInclusive amount: Paise, at rate: GSTRate) -> Paise {
        let denominator = Int64(10_000 + rate.total.value)
        return Paise((amount.value * 20_000 + denominator) / (2 * denominator))
    }

    /// What rounds an amount to the nearest rupee, half a rupee up: ₹1,088.55 → +₹0.45; ₹1,088.45 → −₹0.45.
    public static func roundOff(_ amount: Paise) -> Paise {
        let paise = amount.value % 100
        return Paise(paise >= 50 ? 100 - paise : -paise)
    }
}
