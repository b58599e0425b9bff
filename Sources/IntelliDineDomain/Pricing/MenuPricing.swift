import Foundation

/// How a restaurant prices at one moment: each item's discount (the manager's rules first, then
/// the demand model's answers) and an order's lines, discounts, service charge, GST and round-off. Built once per request
/// from one read of its inputs; placing an order, quoting one and the manager's discount screens
/// all price through it, so they cannot disagree.
public struct MenuPricing: Sendable {
    public let calendar: ServiceCalendar
    public let instant: Date
    public let settings: BillSettings
    let engine: DiscountEngine
    let time: TimeFeatures
    let modelAnswers: [String: DiscountRecommendation]
    let stockPercentages: [String: Int]

    /// - Parameters:
    ///   - modelAnswers: the demand model's discount per item for this moment (empty without a model).
    ///   - stockPercentages: each item's stock as a percentage of par (items without a recipe have none).
    public init(
        rules: [DiscountRule], modelAnswers: [String: DiscountRecommendation], stockPercentages: [String: Int], settings: BillSettings,
        calendar: ServiceCalendar, at instant: Date
    ) {
        self.calendar = calendar
        self.instant = instant
        self.settings = settings
        self.engine = DiscountEngine(rules: rules)
        self.time = calendar.features(at: instant)
        self.modelAnswers = modelAnswers
        self.stockPercentages = stockPercentages
    }

    /// The item's stock as a percentage of par, if it has a recipe.
    public func stockPercentage(of itemId: String) -> Int? { stockPercentages[itemId] }

    /// The discount the item gets now; `stockPercentage` replaces the stored level when given
    /// (the manager asking "what if stock were at 20 %").
    public func discount(for itemId: String, stockPercentage: Int? = nil) -> DiscountRecommendation {
        engine.recommend(
            DiscountQuery(itemId: itemId, stockPercentage: stockPercentage ?? stockPercentages[itemId]), at: time,
            modelAnswers: modelAnswers)
    }

    /// One line to price: the unit price already includes the chosen portion and add-ons; `gst` is
    /// the rate of the dish's tax class (the restaurant's standard rate when nil).
    public struct Line: Sendable {
        public var itemId: String
        public var unitPrice: Paise
        public var quantity: Int
        public var gst: GSTRate?

        public init(itemId: String, unitPrice: Paise, quantity: Int, gst: GSTRate? = nil) {
            self.itemId = itemId
            self.unitPrice = unitPrice
            self.quantity = quantity
            self.gst = gst
        }
    }

    /// An order priced now: each line's discount, subtotals, GST and totals.
    public struct PricedOrder: Sendable {
        public var lines: [PricedLine]
        /// Why each line is discounted (same order as `lines`).
        public var discounts: [DiscountRecommendation]
        public var totals: OrderTotals
        public var businessDate: String
    }

    /// - Parameter withServiceCharge: the guest asked for the restaurant's optional service charge.
    public func price(_ lines: [Line], withServiceCharge: Bool = false) -> PricedOrder {
        let discounts = lines.map { discount(for: $0.itemId) }
        let priced = OrderPricing.price(
            zip(lines, discounts).map {
                PricingLine(
                    menuItemId: $0.itemId, unitPrice: $0.unitPrice, quantity: $0.quantity, discount: $1.discount,
                    gst: $0.gst ?? settings.standardRate)
            },
            settings: settings, withServiceCharge: withServiceCharge)
        return PricedOrder(lines: priced.lines, discounts: discounts, totals: priced.totals, businessDate: calendar.businessDate(of: instant))
    }
}
