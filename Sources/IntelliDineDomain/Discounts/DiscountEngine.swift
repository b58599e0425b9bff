/// One item as the discount engine sees it (the recommendation call's `item_id`, `stock_percentage`).
public struct DiscountQuery: Hashable, Sendable {
    public var itemId: String
    public var stockPercentage: Int?

    public init(itemId: String, stockPercentage: Int?) {
        self.itemId = itemId
        self.stockPercentage = stockPercentage
    }
}

/// The engine's answer for one item (one of the recommendation call's `predictions[]`).
public struct DiscountRecommendation: Hashable, Sendable {
    public var itemId: String
    public var discount: BasisPoints
    public var confidence: Double
    public var reason: String
    /// The rule that produced it, `nil` when no discount applies.
    public var ruleId: String?
    /// The demand model version that produced it, when the model answered.
    public var modelVersion: Int?

    /// What an order line records: `rule:<id>`, `model:<version>`, or nil.
    public var source: String? { ruleId.map { "rule:\($0)" } ?? modelVersion.map { "model:\($0)" } }

    public init(itemId: String, discount: BasisPoints, confidence: Double, reason: String, ruleId: String?, modelVersion: Int? = nil) {
        self.itemId = itemId
        self.discount = discount
        self.confidence = confidence
        self.reason = reason
        self.ruleId = ruleId
        self.modelVersion = modelVersion
    }
}

/// The rule layer of the discount engine: the manager's explicit rules, first match wins,
/// item-specific rules before blanket ones. Pure, deterministic and cheap: it runs inside
/// every order placement.
public struct DiscountEngine: Sendable {
    public var rules: [DiscountRule]

    public init(rules: [DiscountRule]) {
        // Item-specific rules take precedence over rules for every item.
        self.rules = rules.filter { $0.menuItemId != nil } + rules.filter { $0.menuItemId == nil }
    }

    public func recommend(_ items: [DiscountQuery], at time: TimeFeatures) -> [DiscountRecommendation] {
        items.map { recommend($0, at: time) }
    }

    /// The manager's rules first; where none matches, the demand model's answer (`modelAnswers`,
    /// from `DemandDiscountPolicy`) if it has one; else full price.
    public func recommend(
        _ item: DiscountQuery, at time: TimeFeatures, modelAnswers: [String: DiscountRecommendation] = [:]
    ) -> DiscountRecommendation {
        if let rule = rules.first(where: { $0.matches(itemId: item.itemId, stockPercentage: item.stockPercentage, time: time) }) {
            return DiscountRecommendation(
                itemId: item.itemId, discount: rule.discount, confidence: rule.confidence,
                reason: rule.reason, ruleId: rule.id)
        }
        if let modelAnswer = modelAnswers[item.itemId] { return modelAnswer }
        return DiscountRecommendation(
            itemId: item.itemId, discount: .zero, confidence: 1, reason: Self.noDiscountReason(time), ruleId: nil)
    }

    /// Why an item is at full price, in words a guest and a manager understand.
    static func noDiscountReason(_ time: TimeFeatures) -> String {
        if time.isDinnerPeak { return "Peak dinner hour" }
        if time.isLunchPeak { return "Peak lunch hour" }
        return "No discount applies"
    }
}
