/// A discount the manager set explicitly: for one item (or every item), when its stock is
/// within a band, optionally only outside the rush hours.
public struct DiscountRule: Hashable, Sendable {
    public var id: String
    /// `nil` applies to every item.
    public var menuItemId: String?
    public var discount: BasisPoints
    /// Shown to the guest and the manager, e.g. "Low inventory - clearing stock".
    public var reason: String
    /// How sure the rule's author is that it moves stock (every answer carries one), 0…1.
    public var confidence: Double
    /// Fires only when the item's stock percentage is at most this.
    public var maxStockPercentage: Int?
    /// Fires only when the item's stock percentage is at least this.
    public var minStockPercentage: Int?
    /// Whether the rule also fires during the lunch and dinner rushes.
    public var appliesDuringPeaks: Bool

    public init(
        id: String, menuItemId: String?, discount: BasisPoints, reason: String, confidence: Double,
        maxStockPercentage: Int? = nil, minStockPercentage: Int? = nil, appliesDuringPeaks: Bool = true
    ) {
        self.id = id
        self.menuItemId = menuItemId
        self.discount = discount
        self.reason = reason
        self.confidence = confidence
        self.maxStockPercentage = maxStockPercentage
        self.minStockPercentage = minStockPercentage
        self.appliesDuringPeaks = appliesDuringPeaks
    }

    /// Whether the rule can turn on `itemId`'s stock percentage: only then must pricing read it.
    public func readsStock(of itemId: String) -> Bool {
        (maxStockPercentage != nil || minStockPercentage != nil) && (menuItemId == nil || menuItemId == itemId)
    }

    func matches(itemId: String, stockPercentage: Int?, time: TimeFeatures) -> Bool {
        if let menuItemId, menuItemId != itemId { return false }
        if time.isPeak && !appliesDuringPeaks { return false }
        if maxStockPercentage != nil || minStockPercentage != nil {
            // A stock condition cannot hold for an item whose stock is unknown.
            guard let stock = stockPercentage else { return false }
            if let max = maxStockPercentage, stock > max { return false }
            if let min = minStockPercentage, stock < min { return false }
        }
        return true
    }

    /// Keeps stored rules honest: a discount between 0 and 90 %, stock bands in 0…100.
    public var isValid: Bool {
        (0...9_000).contains(discount.value)
            && (0...1).contains(confidence)
            && !reason.isEmpty
            && (maxStockPercentage.map { (0...100).contains($0) } ?? true)
            && (minStockPercentage.map { (0...100).contains($0) } ?? true)
    }
}
