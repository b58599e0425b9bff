import ArgumentParser
import Foundation
import IntelliDineDomain

/// `intellidine simulate`: the discount policies compared on a simulated restaurant, and the
/// demand model scored on weeks it did not see. Seeded, so every run with the same seed prints
/// the same table. `make bench` writes its output into BENCHMARKS.md.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare no discounts, fixed rules and the demand-model policy on a simulated restaurant (Markdown out).")

    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "Weeks of full-price trade the model learns from.") var trainingWeeks = 8
    @Option(help: "Weeks each policy is run over, after the training weeks.") var evaluationWeeks = 4

    func run() throws {
        guard (3...52).contains(trainingWeeks), (1...52).contains(evaluationWeeks) else {
            throw ValidationError("training-weeks must be 3…52 and evaluation-weeks 1…52")
        }
        let simulator = RestaurantSimulator(seed: seed)
        let report = simulator.compare(trainingWeeks: trainingWeeks, evaluationWeeks: evaluationWeeks)
        print(Self.markdown(report, simulator: simulator))
        print(Self.timing(simulator))
    }

    static func markdown(_ report: RestaurantSimulator.Report, simulator: RestaurantSimulator) -> String {
        let e = report.evaluation
        let none = report.results[0].outcome
        var out = """
            Seed \(report.seed): six dishes, four perishable ingredients delivered each morning to \(String(format: "%.2f", simulator.parFactor))× an \
            average day's use and thrown away at closing (\(simulator.closing):00), lunch and dinner rushes, busier weekends, \
            month ends and two holiday weeks, and a day-to-day swing in trade (log-normal, σ = \(simulator.dailySwing)). Guests \
            answer a discount with a true elasticity of \(simulator.trueElasticity); the policy assumes \
            \(DiscountGuardrails().priceElasticity). The model learns from \(report.trainingWeeks) weeks of full-price trade; \
            every policy then runs over the next \(report.evaluationWeeks) weeks on the same guests (the same random draws).

            **Demand model on held-out weeks** (trained on \(e.trainingHours / 168) weeks, scored on the next \(e.heldOutHours / 24) days, \
            \(e.items) dishes, every hour): mean absolute error \(String(format: "%.3f", e.meanAbsoluteError)) units per dish-hour, against \
            \(String(format: "%.3f", e.naiveMeanAbsoluteError)) for "same hour last week": \(String(format: "%.0f", e.improvement * 100)) % smaller.

            | policy | revenue | vs none | discount given | perishables wasted | waste share | portions sold | portions lost to stock-outs |
            |---|---|---|---|---|---|---|---|

            """
        for result in report.results {
            let o = result.outcome
            out += "| \(result.name) | \(o.revenue.formatted) | \(String(format: "%+.1f", (Double(o.revenue.value) / Double(none.revenue.value) - 1) * 100)) % "
            out += "| \(o.discountGiven.formatted) | \(Paise(Int64(o.wasteCost.rounded())).formatted) | \(String(format: "%.1f", o.wasteShare * 100)) % "
            out += "| \(o.portionsSold) | \(o.lostPortions) |\n"
        }
        return out
    }

    /// The recommendation step as order placement runs it: the rules, then the model policy over
    /// every perishable dish of the menu for the rest of the day. Median of many runs.
    static func timing(_ simulator: RestaurantSimulator) -> String {
        // A holiday calendar for the policy to consult, as a real restaurant's guardrails hold one.
        let guardrails = DiscountGuardrails(holidays: HolidayCalendar(dates: ["2026-01-26", "2026-08-15", "2026-11-08"]))
        let policy = DemandDiscountPolicy(
            model: DemandModel.train(simulator.history(days: 0..<56)), modelVersion: 1, guardrails: guardrails)
        func items(_ copies: Int) -> [PolicyItem] {
            (0..<copies).flatMap { copy in
                simulator.dishes.map { PolicyItem(id: copy == 0 ? $0.id : "\($0.id)-\(copy)", price: $0.price, foodCost: Paise(6_000), recipe: $0.recipe) }
            }
        }
        var model = policy.model
        for copy in 1..<10 { for dish in simulator.dishes { model.items["\(dish.id)-\(copy)"] = model.items[dish.id] } }
        let wide = DemandDiscountPolicy(model: model, modelVersion: 1, guardrails: guardrails)
        let engine = DiscountEngine(rules: [DiscountRule(
            id: "rule-dal", menuItemId: "dal-makhani", discount: BasisPoints(percent: 15), reason: "Low inventory - clearing stock",
            confidence: 0.78, maxStockPercentage: 30)])
        let perishables = simulator.ingredients.filter(\.perishable).map { PerishableStock(id: $0.id, name: $0.name, unit: $0.unit, available: 3_000) }
        // As order placement does it: the rest of today's service in the restaurant's zone (a
        // Wednesday, 16:10 in Kolkata), with a holiday calendar to consult, then the policy and the rules.
        let calendar = ServiceCalendar(timeZone: simulator.timeZone)
        let now = Date(timeIntervalSince1970: 1_795_603_200)  // 2026-11-25T10:40:00Z
        func median(_ policy: DemandDiscountPolicy, _ menu: [PolicyItem]) -> Double {
            let clock = ContinuousClock()
            var samples: [Double] = []
            for _ in 0..<2_000 {
                let elapsed = clock.measure {
                    let answers = policy.recommend(items: menu, perishables: perishables, calendar: calendar, at: now)
                    let time = calendar.features(at: now)
                    for item in menu.prefix(3) {
                        _ = engine.recommend(DiscountQuery(itemId: item.id, stockPercentage: 45), at: time, modelAnswers: answers)
                    }
                }
                samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            }
            return samples.sorted()[samples.count / 2]
        }
        let small = median(policy, items(1))
        let large = median(wide, items(10))
        return """

            **The recommendation step inside order placement** (the rest of the day's hours in the restaurant's zone with its \
            holiday calendar, the model policy over the menu's perishable dishes for the 7 hours left of service, then the rules for a \
            3-line order; median of 2,000 runs, in microseconds; not included: the read of the menu's recipes and perishable stock \
            that feeds it, two indexed queries in the order's read snapshot): \(String(format: "%.1f", small)) µs for the 6-dish menu, \(String(format: "%.1f", large)) µs \
            for a 60-dish menu. Target: under 1 ms (1,000 µs).
            """
    }
}
