import Foundation
import IntelliDineDomain
import Testing

@Suite("Demand model: Poisson regression on the service calendar's time features")
struct DemandModelTests {
    func hour(_ hour: Int, day: Int, holiday: Bool = false) -> DemandHour {
        DemandHour(
            time: TimeFeatures(
                hour: hour, dayOfWeek: day, isWeekend: day >= 5, isLunchPeak: (12..<15).contains(hour),
                isDinnerPeak: (19..<22).contains(hour), isMonthEnd: false),
            isHolidayWeek: holiday)
    }

    @Test("Recovers known hourly rates from simulated counts (weekday 2/h, weekend dinner 6/h)")
    func recoversRates() {
        var random = SeededRandom(seed: 7)
        var hours: [DemandHour] = []
        var counts: [Double] = []
        for week in 0..<12 {
            for day in 0..<7 {
                for h in 11..<23 {
                    let truth = day >= 5 && (19..<22).contains(h) ? 6.0 : 2.0
                    hours.append(hour(h, day: day))
                    counts.append(Double(SeededRandom.poisson(mean: truth, u: random.unit())))
                    _ = week
                }
            }
        }
        let model = DemandModel.train(DemandHistory(hours: hours, units: ["dish": counts]))
        let weekday = model.forecast(itemId: "dish", at: hour(16, day: 2))!
        let weekendDinner = model.forecast(itemId: "dish", at: hour(20, day: 6))!
        #expect(abs(weekday.mean - 2) < 0.3)
        #expect(abs(weekendDinner.mean - 6) < 0.8)
        // The spread includes the Poisson noise (variance ≥ mean) and a little model uncertainty.
        #expect(weekday.variance > weekday.mean)
        #expect(model.forecast(itemId: "unknown", at: hour(16, day: 2)) == nil)
    }

    @Test("On held-out simulated weeks the model beats 'same hour last week' on mean absolute error")
    func beatsNaiveBaseline() {
        let simulator = RestaurantSimulator(seed: 42)
        let history = simulator.history(days: 0..<(10 * 7))
        let evaluation = DemandModel.evaluate(history, heldOutHours: 14 * 24)!
        #expect(evaluation.trainingHours == 8 * 7 * 24)
        #expect(evaluation.items == 6)
        #expect(evaluation.meanAbsoluteError < evaluation.naiveMeanAbsoluteError * 0.9)
        // Too short to hold a week out and learn from another: no score rather than a made-up one.
        #expect(DemandModel.evaluate(simulator.history(days: 0..<10)) == nil)
    }

    @Test("A trained model survives its JSON round trip unchanged")
    func codable() throws {
        let model = DemandModel.train(RestaurantSimulator(seed: 1).history(days: 0..<14))
        let decoded = try JSONDecoder().decode(DemandModel.self, from: JSONEncoder().encode(model))
        #expect(decoded == model)
    }
}

@Suite("The demand model's discount policy and its guardrails")
struct DemandDiscountPolicyTests {
    let afternoon = TimeFeatures(hour: 16, dayOfWeek: 2, isWeekend: false, isLunchPeak: false, isDinnerPeak: false, isMonthEnd: false)
    let dinner = TimeFeatures(hour: 20, dayOfWeek: 2, isWeekend: false, isLunchPeak: false, isDinnerPeak: true, isMonthEnd: false)
    let paneerTikka = PolicyItem(id: "tikka", price: Paise(25_000), foodCost: Paise(6_000), recipe: ["paneer": 150])

    /// A model that expects exactly `rate` tikkas an hour, whatever the hour.
    func policy(rate: Double, guardrails: DiscountGuardrails = DiscountGuardrails()) -> DemandDiscountPolicy {
        let hours = (0..<(4 * 168)).map { index in
            DemandHour(time: TimeFeatures(hour: index % 24, dayOfWeek: (index / 24) % 7, isWeekend: false, isLunchPeak: false, isDinnerPeak: false, isMonthEnd: false), isHolidayWeek: false)
        }
        let model = DemandModel.train(DemandHistory(hours: hours, units: ["tikka": Array(repeating: rate, count: hours.count)]))
        return DemandDiscountPolicy(model: model, modelVersion: 3, guardrails: guardrails)
    }

    func remaining(_ count: Int) -> [DemandHour] {
        (0..<count).map { DemandHour(time: TimeFeatures(hour: 16 + $0, dayOfWeek: 2, isWeekend: false, isLunchPeak: false, isDinnerPeak: false, isMonthEnd: false), isHolidayWeek: false) }
    }

    func paneer(_ grams: Double) -> [PerishableStock] { [PerishableStock(id: "paneer", name: "Paneer", unit: "g", available: grams)] }

    @Test("Surplus paneer: a discount sized to move it (in 5 % steps), with the model's version and a reason in words")
    func sizedToSurplus() {
        // 2 tikkas/h for 5 h = 10 portions = 1,500 g expected; 1,800 g in stock: surplus 300 g.
        // Elasticity 2: d = 300 / (1,500 × 2) = 10 %.
        let answer = policy(rate: 2).recommend(items: [paneerTikka], perishables: paneer(1_800), remainingHours: remaining(5), now: afternoon)["tikka"]!
        #expect(answer.discount == BasisPoints(percent: 10))
        #expect(answer.modelVersion == 3)
        #expect(answer.reason.hasPrefix("Surplus to clear before closing: 1800 g of Paneer in stock, 1500 g expected to sell by 23:00"))
        #expect(answer.confidence > 0.5 && answer.confidence <= 1)
    }

    @Test("Guardrails: the maximum percent, the minimum margin, excluded items, the rush and the off switch")
    func guardrails() {
        let items = [paneerTikka]
        // A large surplus wants 90 % off; the maximum is 20 %.
        #expect(policy(rate: 2).recommend(items: items, perishables: paneer(9_000), remainingHours: remaining(5), now: afternoon)["tikka"]?.discount == BasisPoints(percent: 20))
        // Food cost ₹150 on ₹250 with a 35 % margin floor: at most 1 − 150/(250 × 0.65) = 7.7 % → 5 %.
        let costly = PolicyItem(id: "tikka", price: Paise(25_000), foodCost: Paise(15_000), recipe: ["paneer": 150])
        let capped = DiscountGuardrails(minMarginBp: 3_500)
        #expect(policy(rate: 2, guardrails: capped).recommend(items: [costly], perishables: paneer(9_000), remainingHours: remaining(5), now: afternoon)["tikka"]?.discount == BasisPoints(percent: 5))
        let noRoom = PolicyItem(id: "tikka", price: Paise(25_000), foodCost: Paise(20_000), recipe: ["paneer": 150])
        let refused = policy(rate: 2).recommend(items: [noRoom], perishables: paneer(9_000), remainingHours: remaining(5), now: afternoon)["tikka"]!
        #expect(refused.discount == .zero)
        #expect(refused.reason.contains("minimum margin"))
        let excluded = DiscountGuardrails(excludedItemIds: ["tikka"])
        #expect(policy(rate: 2, guardrails: excluded).recommend(items: items, perishables: paneer(9_000), remainingHours: remaining(5), now: afternoon)["tikka"]?.discount == .zero)
        #expect(policy(rate: 2, guardrails: DiscountGuardrails(modelEnabled: false)).recommend(items: items, perishables: paneer(9_000), remainingHours: remaining(5), now: afternoon).isEmpty)
        // In the dinner rush a small surplus sells on its own; only twice the expected use is discounted.
        let rush = policy(rate: 2).recommend(items: items, perishables: paneer(1_800), remainingHours: remaining(5), now: dinner)["tikka"]!
        #expect(rush.discount == .zero)
        #expect(rush.reason.hasPrefix("Dinner rush will move the surplus"))
        #expect(policy(rate: 2).recommend(items: items, perishables: paneer(3_100), remainingHours: remaining(5), now: dinner)["tikka"]?.discount == BasisPoints(percent: 20))
    }

    @Test("No surplus, no discount; after closing, no discount")
    func noSurplus() {
        let short = policy(rate: 2).recommend(items: [paneerTikka], perishables: paneer(900), remainingHours: remaining(5), now: afternoon)["tikka"]!
        #expect(short.discount == .zero)
        #expect(short.reason.hasPrefix("Demand expected to use the stock"))
        // 10 portions expected (sd ≈ 3.2 portions, 474 g) against 6 in stock: about 90 % sure.
        #expect(short.confidence > 0.85 && short.confidence < 0.95)
        #expect(policy(rate: 2).recommend(items: [paneerTikka], perishables: paneer(900), remainingHours: [], now: afternoon)["tikka"]?.reason == "Service is over for today")
    }

    @Test("The manager's rules come before the model")
    func rulesFirst() {
        let rule = DiscountRule(id: "r", menuItemId: "tikka", discount: BasisPoints(percent: 15), reason: "Rule", confidence: 0.78, maxStockPercentage: 30)
        let model = DiscountRecommendation(itemId: "tikka", discount: BasisPoints(percent: 10), confidence: 0.9, reason: "Model", ruleId: nil, modelVersion: 1)
        let engine = DiscountEngine(rules: [rule])
        #expect(engine.recommend(DiscountQuery(itemId: "tikka", stockPercentage: 20), at: afternoon, modelAnswers: ["tikka": model]).ruleId == "r")
        #expect(engine.recommend(DiscountQuery(itemId: "tikka", stockPercentage: 80), at: afternoon, modelAnswers: ["tikka": model]) == model)
    }
}

@Suite("The restaurant simulator")
struct RestaurantSimulatorTests {
    @Test("Same seed, same weeks; the model policy cuts waste against no discounts and keeps revenue within 2 %")
    func modelPolicyCutsWaste() {
        let first = RestaurantSimulator(seed: 42).compare(trainingWeeks: 8, evaluationWeeks: 2)
        let again = RestaurantSimulator(seed: 42).compare(trainingWeeks: 8, evaluationWeeks: 2)
        #expect(first.results.map(\.outcome) == again.results.map(\.outcome))
        let none = first.results[0].outcome
        let model = first.results[3].outcome
        #expect(none.discountGiven == .zero)
        #expect(model.wasteCost < none.wasteCost * 0.8)
        #expect(Double(model.revenue.value) >= Double(none.revenue.value) * 0.98)
        #expect(model.discountGiven > .zero)
    }
}

@Suite("The forecast's sparse path")
struct SparseForecastTests {
    @Test("Mean and variance from the active features equal the dense computation for every kind of hour")
    func sparseEqualsDense() {
        let model = DemandModel.train(RestaurantSimulator(seed: 3).history(days: 0..<21))
        let regression = model.items["paneer-tikka"]!
        for hour in 0..<24 {
            for day in 0..<7 {
                for flags in 0..<4 {
                    let h = DemandHour(
                        time: TimeFeatures(hour: hour, dayOfWeek: day, isWeekend: day >= 5, isLunchPeak: (12..<15).contains(hour),
                                           isDinnerPeak: (19..<22).contains(hour), isMonthEnd: flags & 1 == 1),
                        isHolidayWeek: flags & 2 == 2)
                    let sparse = regression.meanAndLinearVariance(active: h.activeFeatures)
                    #expect(abs(sparse.mean - regression.mean(h.vector)) < 1e-9 * max(1, sparse.mean))
                    #expect(abs(sparse.variance - regression.linearPredictorVariance(h.vector)) < 1e-9)
                }
            }
        }
    }
}

@Suite("The rest of today's service, as the policy sees it")
struct RemainingHoursTests {
    @Test("From 16:10 in Kolkata until 23:00: seven hours, dinner peaks marked, the holiday week seen; none after closing")
    func remaining() {
        let calendar = ServiceCalendar(timeZone: TimeZone(identifier: "Asia/Kolkata")!)
        let now = Date(timeIntervalSince1970: 1_795_603_200)  // 2026-11-25T10:40:00Z = 16:10 IST, a Wednesday
        let hours = calendar.remainingHours(from: now, until: 23, holidays: HolidayCalendar(dates: ["2026-11-29"]))
        #expect(hours.map(\.time.hour) == Array(16..<23))
        #expect(hours.filter(\.time.isDinnerPeak).map(\.time.hour) == [19, 20, 21])
        #expect(hours.allSatisfy { $0.isHolidayWeek && $0.time.dayOfWeek == 2 })
        // Each hour equals the one computed from scratch.
        for (offset, hour) in hours.enumerated() {
            #expect(hour == calendar.demandHour(at: now.addingTimeInterval(Double(offset) * 3_600), holidays: HolidayCalendar(dates: ["2026-11-29"])))
        }
        #expect(calendar.remainingHours(from: now, until: 16, holidays: HolidayCalendar()).isEmpty)
        #expect(!calendar.remainingHours(from: now, until: 23, holidays: HolidayCalendar(dates: ["2026-12-01"]))[0].isHolidayWeek)
    }
}
