import Foundation

/// A menu item as the policy sees it: its price, what its ingredients cost, and its recipe.
public struct PolicyItem: Sendable, Equatable {
    public var id: String
    public var price: Paise
    public var foodCost: Paise
    /// Ingredient id → quantity per portion.
    public var recipe: [String: Double]

    public init(id: String, price: Paise, foodCost: Paise, recipe: [String: Double]) {
        self.id = id
        self.price = price
        self.foodCost = foodCost
        self.recipe = recipe
    }
}

/// A perishable ingredient's stock that is not yet promised to an order.
public struct PerishableStock: Sendable, Equatable {
    public var id: String
    public var name: String
    public var unit: String
    public var available: Double

    public init(id: String, name: String, unit: String, available: Double) {
        self.id = id
        self.name = name
        self.unit = unit
        self.available = available
    }
}

/// The demand model's discounts: an item is discounted when a perishable ingredient it uses is
/// projected to outlast the demand for it before service ends, by just enough to move that
/// surplus, inside the manager's guardrails. Pure and cheap: it runs inside order placement.
public struct DemandDiscountPolicy: Sendable {
    public var model: DemandModel
    public var modelVersion: Int
    public var guardrails: DiscountGuardrails

    public init(model: DemandModel, modelVersion: Int, guardrails: DiscountGuardrails) {
        self.model = model
        self.modelVersion = modelVersion
        self.guardrails = guardrails
    }

    /// One ingredient's outlook until closing.
    public struct Outlook: Sendable, Equatable {
        public var ingredient: PerishableStock
        /// Expected use by closing, at full price.
        public var expectedUse: Double
        public var useVariance: Double
        public var surplus: Double { ingredient.available - expectedUse }
        /// The probability that the stock outlasts the demand (normal approximation).
        public var surplusProbability: Double {
            let sd = useVariance.squareRoot()
            guard sd > 0 else { return surplus > 0 ? 1 : 0 }
            return 0.5 * erfc(-(surplus / sd) / 2.0.squareRoot())
        }
    }

    /// The outlook of every perishable ingredient over `remainingHours` (the rest of today's service).
    public func outlooks(items: [PolicyItem], perishables: [PerishableStock], remainingHours: [DemandHour]) -> [Outlook] {
        var forecasts: [String: DemandForecast] = [:]
        let hours = remainingHours.map(\.activeFeatures)
        for item in items where item.recipe.keys.contains(where: { id in perishables.contains { $0.id == id } }) {
            var total = DemandForecast(mean: 0, variance: 0)
            for active in hours {
                guard let forecast = model.forecast(itemId: item.id, active: active) else { continue }
                total.mean += forecast.mean
                total.variance += forecast.variance
            }
            forecasts[item.id] = total
        }
        return perishables.map { ingredient in
            var use = 0.0
            var variance = 0.0
            for item in items {
                guard let quantity = item.recipe[ingredient.id], let forecast = forecasts[item.id] else { continue }
                use += quantity * forecast.mean
                variance += quantity * quantity * forecast.variance
            }
            return Outlook(ingredient: ingredient, expectedUse: use, useVariance: variance)
        }
    }

    /// The model's answer for each item that uses a perishable ingredient. Items it has nothing
    /// to say about are left out (the caller's default applies).
    public func recommend(
        items: [PolicyItem], perishables: [PerishableStock], remainingHours: [DemandHour], now: TimeFeatures
    ) -> [String: DiscountRecommendation] {
        guard guardrails.modelEnabled else { return [:] }
        let outlooks = Dictionary(uniqueKeysWithValues: outlooks(items: items, perishables: perishables, remainingHours: remainingHours)
            .map { ($0.ingredient.id, $0) })
        // The words of each reason, once per ingredient rather than once per dish.
        let closing = String(format: "%02d:00", guardrails.serviceEndHour % 24)
        let words = outlooks.mapValues { outlook in
            (stock: "\(Self.amount(outlook.ingredient.available)) \(outlook.ingredient.unit) of \(outlook.ingredient.name) in stock",
             expected: "\(Self.amount(outlook.expectedUse)) \(outlook.ingredient.unit) expected to sell by \(closing)")
        }
        var answers: [String: DiscountRecommendation] = [:]
        for item in items {
            let relevant = item.recipe.keys.compactMap { outlooks[$0] }.sorted { $0.ingredient.id < $1.ingredient.id }
            guard !relevant.isEmpty else { continue }
            answers[item.id] = recommend(item, relevant, words: words, hoursLeft: remainingHours.count, now: now)
        }
        return answers
    }

    private func recommend(
        _ item: PolicyItem, _ outlooks: [Outlook], words: [String: (stock: String, expected: String)], hoursLeft: Int, now: TimeFeatures
    ) -> DiscountRecommendation {
        func answer(_ bp: Int, _ confidence: Double, _ reason: String) -> DiscountRecommendation {
            DiscountRecommendation(
                itemId: item.id, discount: BasisPoints(bp), confidence: (confidence * 100).rounded() / 100, reason: reason,
                ruleId: nil, modelVersion: modelVersion)
        }
        // The ingredient with the largest surplus for its expected use decides.
        let worst = outlooks.max { ratio($0) < ratio($1) }!
        let (stock, expected) = words[worst.ingredient.id]!
        if guardrails.excludedItemIds.contains(item.id) {
            return answer(0, 1, "Excluded from model discounts by the manager")
        }
        guard hoursLeft > 0 else { return answer(0, 1, "Service is over for today") }
        guard worst.surplus > 0 else {
            return answer(0, 1 - worst.surplusProbability, "Demand expected to use the stock: \(stock), \(expected)")
        }
        if now.isPeak && worst.ingredient.available < guardrails.peakOverstockRatio * worst.expectedUse {
            return answer(0, 1 - worst.surplusProbability, "\(now.isLunchPeak ? "Lunch" : "Dinner") rush will move the surplus: \(stock), \(expected)")
        }
        // Discount d lifts demand by elasticity × d; move the whole surplus: d = surplus / (use × elasticity).
        let needed = worst.expectedUse > 0 ? worst.surplus / (worst.expectedUse * guardrails.priceElasticity) : 1
        let step = Double(guardrails.stepBp)
        var bp = Int((needed * 10_000 / step).rounded(.up) * step)
        // The manager's maximum, itself rounded down to a step (unless it is smaller than one).
        let stepped = guardrails.maxDiscountBp >= guardrails.stepBp ? guardrails.maxDiscountBp / guardrails.stepBp * guardrails.stepBp : guardrails.maxDiscountBp
        bp = min(bp, stepped)
        // The margin guardrail: (price·(1−d) − cost) ≥ minMargin · price·(1−d).
        let margin = Double(guardrails.minMarginBp) / 10_000
        let price = Double(item.price.value)
        let marginCap = price > 0 && margin < 1 ? 1 - Double(item.foodCost.value) / (price * (1 - margin)) : 0
        let cappedByMargin = Int((marginCap * 10_000 / step).rounded(.down) * step)
        if cappedByMargin < bp {
            bp = max(cappedByMargin, 0)
            if bp == 0 { return answer(0, worst.surplusProbability, "Surplus, but a discount would break the minimum margin: \(stock), \(expected)") }
        }
        guard bp > 0 else { return answer(0, 1, "No discount needed") }
        return answer(bp, worst.surplusProbability, "Surplus to clear before closing: \(stock), \(expected)")
    }

    private func ratio(_ outlook: Outlook) -> Double {
        outlook.expectedUse > 0 ? outlook.surplus / outlook.expectedUse : (outlook.surplus > 0 ? .infinity : 0)
    }

    /// Quantities in words: whole units, or one decimal below ten.
    static func amount(_ value: Double) -> String {
        value >= 10 || value == value.rounded() ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }
}

extension DemandDiscountPolicy {
    /// The rest of today's service in the restaurant's zone, as the policy sees it: from the
    /// current hour until the guardrails' closing hour, with the manager's holidays.
    public func remainingHours(_ calendar: ServiceCalendar, at now: Date) -> [DemandHour] {
        calendar.remainingHours(from: now, until: guardrails.serviceEndHour, holidays: guardrails.holidays)
    }

    /// `recommend` for the moment `now` in the restaurant's zone: what order placement, the
    /// recommendation call and the manager's screen all ask.
    public func recommend(items: [PolicyItem], perishables: [PerishableStock], calendar: ServiceCalendar, at now: Date) -> [String: DiscountRecommendation] {
        recommend(items: items, perishables: perishables, remainingHours: remainingHours(calendar, at: now), now: calendar.features(at: now))
    }
}

