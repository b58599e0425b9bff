import Foundation
import IntelliDineDomain
import Testing

@Suite("Pricing at one moment: the order, the quote and the manager's screens share it")
struct MenuPricingTests {
    let dalRule = DiscountRule(
        id: "rule-dal", menuItemId: "item_003", discount: BasisPoints(percent: 15),
        reason: "Low inventory - clearing stock", confidence: 0.78, maxStockPercentage: 30)
    let kolkata = ServiceCalendar(timeZone: TimeZone(identifier: "Asia/Kolkata")!)
    /// 2025-10-22 19:08 in Kolkata: the demo journey's dinner rush.
    let dinner = Date(timeIntervalSince1970: 1_761_140_280)

    func pricing(modelAnswers: [String: DiscountRecommendation] = [:]) -> MenuPricing {
        MenuPricing(
            rules: [dalRule], modelAnswers: modelAnswers, stockPercentages: ["item_001": 45, "item_003": 28, "item_005": 62],
            settings: .demo, calendar: kolkata, at: dinner)
    }

    @Test("Given the demo journey's order, then its lines, discount and totals come out to the paisa, on the local business date")
    func demoOrder() {
        let order = pricing().price([
            .init(itemId: "item_001", unitPrice: Paise(28_000), quantity: 2),
            .init(itemId: "item_003", unitPrice: Paise(25_000), quantity: 1),
            .init(itemId: "item_005", unitPrice: Paise(5_000), quantity: 3),
        ])
        #expect(order.discounts.map(\.discount) == [.zero, BasisPoints(percent: 15), .zero])
        #expect(order.totals.subtotal == Paise(92_250))
        #expect(order.totals.total == Paise(108_855))
        #expect(order.businessDate == "2025-10-22")
    }

    @Test("Given a manager's what-if stock level, then the discount follows it; without one, the stored level counts")
    func whatIf() {
        let pricing = pricing()
        #expect(pricing.discount(for: "item_003").discount == BasisPoints(percent: 15))
        #expect(pricing.discount(for: "item_003", stockPercentage: 80).discount == .zero)
        #expect(pricing.stockPercentage(of: "item_003") == 28)
        #expect(pricing.stockPercentage(of: "item_404") == nil)
    }

    @Test("Given a model answer for an item no rule covers, then the model's discount applies; a rule still wins where it fires")
    func rulesThenModel() {
        let model = DiscountRecommendation(
            itemId: "item_001", discount: BasisPoints(percent: 10), confidence: 0.6, reason: "Surplus paneer", ruleId: nil, modelVersion: 3)
        let ruleCovered = DiscountRecommendation(
            itemId: "item_003", discount: BasisPoints(percent: 5), confidence: 0.6, reason: "model", ruleId: nil, modelVersion: 3)
        let pricing = pricing(modelAnswers: ["item_001": model, "item_003": ruleCovered])
        #expect(pricing.discount(for: "item_001").discount == BasisPoints(percent: 10))
        #expect(pricing.discount(for: "item_001").modelVersion == 3)
        #expect(pricing.discount(for: "item_003").ruleId == "rule-dal")
    }
}

@Suite("The veg mark guessed from a menu's free-text tags")
struct DietGuessTests {
    @Test("vegan and vegetarian are clear; non-veg and egg when said; anything else stays unmarked")
    func guesses() {
        #expect(Diet.guess(fromTags: ["Vegetarian", "spicy"]) == .veg)
        #expect(Diet.guess(fromTags: ["vegan", "vegetarian"]) == .vegan)
        #expect(Diet.guess(fromTags: ["non-veg"]) == .nonVeg)
        #expect(Diet.guess(fromTags: ["egg"]) == .egg)
        #expect(Diet.guess(fromTags: ["spicy"]) == nil)
        #expect(Diet.guess(fromTags: []) == nil)
    }
}
