import Foundation
import IntelliDineDomain
import Testing

@Suite("The discount engine's rule layer")
struct DiscountEngineTests {
    let dalRule = DiscountRule(
        id: "rule-dal", menuItemId: "item_003", discount: BasisPoints(percent: 15),
        reason: "Low inventory - clearing stock", confidence: 0.78, maxStockPercentage: 30)
    let dinner = TimeFeatures(hour: 19, dayOfWeek: 2, isWeekend: false, isLunchPeak: false, isDinnerPeak: true, isMonthEnd: false)
    let afternoon = TimeFeatures(hour: 16, dayOfWeek: 2, isWeekend: false, isLunchPeak: false, isDinnerPeak: false, isMonthEnd: false)

    @Test("Given the demo journey's stock levels at 7 PM, then only Dal Makhani is 15 % off, with its reasons")
    func seed() {
        let engine = DiscountEngine(rules: [dalRule])
        let answers = engine.recommend([
            DiscountQuery(itemId: "item_001", stockPercentage: 45),
            DiscountQuery(itemId: "item_003", stockPercentage: 28),
            DiscountQuery(itemId: "item_005", stockPercentage: 62),
        ], at: dinner)
        #expect(answers.map(\.discount) == [.zero, BasisPoints(percent: 15), .zero])
        #expect(answers[0].reason == "Peak dinner hour")
        #expect(answers[1].reason == "Low inventory - clearing stock")
        #expect(answers[1].confidence == 0.78)
    }

    @Test("A stock rule does not fire above its band or when stock is unknown")
    func stockBand() {
        let engine = DiscountEngine(rules: [dalRule])
        #expect(engine.recommend(DiscountQuery(itemId: "item_003", stockPercentage: 31), at: dinner).discount == .zero)
        #expect(engine.recommend(DiscountQuery(itemId: "item_003", stockPercentage: nil), at: dinner).discount == .zero)
        #expect(engine.recommend(DiscountQuery(itemId: "item_003", stockPercentage: 30), at: dinner).discount == BasisPoints(1_500))
    }

    @Test("A rule reads an item's stock only when it has a stock band and covers that item")
    func readsStock() {
        let blanketBand = DiscountRule(id: "low", menuItemId: nil, discount: BasisPoints(percent: 5), reason: "Low", confidence: 1, minStockPercentage: 80)
        let noBand = DiscountRule(id: "all", menuItemId: nil, discount: BasisPoints(percent: 5), reason: "All", confidence: 1)
        #expect(dalRule.readsStock(of: "item_003") && !dalRule.readsStock(of: "item_001"))
        #expect(blanketBand.readsStock(of: "item_001") && blanketBand.readsStock(of: "item_003"))
        #expect(!noBand.readsStock(of: "item_001"))
    }

    @Test("Off-peak-only rules wait for the rush to pass; item rules beat blanket rules")
    func precedence() {
        let happyHour = DiscountRule(
            id: "happy", menuItemId: nil, discount: BasisPoints(percent: 10), reason: "Happy hour", confidence: 1,
            appliesDuringPeaks: false)
        let engine = DiscountEngine(rules: [happyHour, dalRule])
        #expect(engine.recommend(DiscountQuery(itemId: "item_001", stockPercentage: 45), at: dinner).discount == .zero)
        #expect(engine.recommend(DiscountQuery(itemId: "item_001", stockPercentage: 45), at: afternoon).discount == BasisPoints(1_000))
        #expect(engine.recommend(DiscountQuery(itemId: "item_003", stockPercentage: 10), at: afternoon).ruleId == "rule-dal")
    }

    @Test("Time features are taken in the restaurant's zone: 13:38 UTC is 19:08 in Kolkata, a Wednesday dinner peak")
    func calendar() {
        let calendar = ServiceCalendar(timeZone: TimeZone(identifier: "Asia/Kolkata")!)
        let instant = ISO8601DateFormatter().date(from: "2025-10-22T13:38:15Z")!
        let features = calendar.features(at: instant)
        #expect(features.hour == 19)
        #expect(features.dayOfWeek == 2)
        #expect(features.isDinnerPeak && !features.isWeekend)
        #expect(calendar.businessDate(of: instant) == "2025-10-22")
        // 20:00 UTC is already the next day in India.
        #expect(calendar.businessDate(of: ISO8601DateFormatter().date(from: "2025-10-22T20:00:00Z")!) == "2025-10-23")
        // Days, months and years are written with their leading zeros.
        #expect(calendar.businessDate(of: ISO8601DateFormatter().date(from: "2026-01-05T06:00:00Z")!) == "2026-01-05")
        #expect(LocalDateRange.text(DateComponents(year: 999, month: 12, day: 31)) == "0999-12-31")
        #expect(LocalDateRange.day(after: "2026-12-31") == "2027-01-01")
    }
}
