/// The manager's limits on what the demand model may do. Explicit rules are the manager's own
/// decisions and are not bound by them; every discount the model proposes is.
public struct DiscountGuardrails: Codable, Sendable, Equatable {
    /// Whether the model may discount at all (rules always apply).
    public var modelEnabled: Bool
    /// The largest discount the model may give.
    public var maxDiscountBp: Int
    /// The smallest gross margin an item may keep after the discount: (price − food cost) / price.
    public var minMarginBp: Int
    /// Items the model never discounts.
    public var excludedItemIds: Set<String>
    /// Local hour (0–24) the kitchen closes: what is left of perishables then is waste.
    public var serviceEndHour: Int
    /// During a lunch or dinner rush, the model discounts only when stock is at least this many
    /// times the expected use: a rush sells a small surplus on its own.
    public var peakOverstockRatio: Double
    /// How much demand rises per unit of discount: 2.0 means 10 % off sells 20 % more. Sizes the
    /// discount to the surplus.
    public var priceElasticity: Double
    /// Model discounts come in steps of this (500 = 5 %), so guests see round numbers.
    public var stepBp: Int
    /// Holidays for the model's holiday-week feature.
    public var holidays: HolidayCalendar

    public init(
        modelEnabled: Bool = true, maxDiscountBp: Int = 2_000, minMarginBp: Int = 4_000, excludedItemIds: Set<String> = [],
        serviceEndHour: Int = 23, peakOverstockRatio: Double = 2.0, priceElasticity: Double = 2.0, stepBp: Int = 500,
        holidays: HolidayCalendar = HolidayCalendar()
    ) {
        self.modelEnabled = modelEnabled
        self.maxDiscountBp = maxDiscountBp
        self.minMarginBp = minMarginBp
        self.excludedItemIds = excludedItemIds
        self.serviceEndHour = serviceEndHour
        self.peakOverstockRatio = peakOverstockRatio
        self.priceElasticity = priceElasticity
        self.stepBp = stepBp
        self.holidays = holidays
    }

    /// What is wrong with these guardrails, or nil.
    public var problem: String? {
        if !(0...5_000).contains(maxDiscountBp) { return "max_discount_percent must be between 0 and 50" }
        if !(0...9_500).contains(minMarginBp) { return "min_margin_percent must be between 0 and 95" }
        if !(1...24).contains(serviceEndHour) { return "service_end_hour must be between 1 and 24" }
        if !(1...10).contains(peakOverstockRatio) { return "peak_overstock_ratio must be between 1 and 10" }
        if !(0.1...10).contains(priceElasticity) { return "price_elasticity must be between 0.1 and 10" }
        if !(100...2_500).contains(stepBp) { return "step_percent must be between 1 and 25" }
        if excludedItemIds.count > 500 { return "excluded_item_ids: at most 500" }
        if let bad = holidays.dates.first(where: { !HolidayCalendar.isValidDate($0) }) { return "holidays: \(bad) is not a date (YYYY-MM-DD)" }
        return nil
    }
}
