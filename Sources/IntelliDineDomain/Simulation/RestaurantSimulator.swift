import Foundation

/// A reproducible restaurant for evaluating discount policies: six dishes, four perishable
/// ingredients delivered to par every morning and thrown away at closing, lunch and dinner
/// rushes, busier weekends and month ends, a holiday week, and day-to-day swings in trade
/// (weather, events) that no plan foresees. Guests answer a discount by ordering more, by a
/// true elasticity the policies do not know.
public struct RestaurantSimulator: Sendable {
    public struct Dish: Sendable {
        public var id: String
        public var price: Paise
        public var recipe: [String: Double]
        /// Units per open hour on an ordinary weekday afternoon.
        public var baseRate: Double
    }

    public struct Ingredient: Sendable {
        public var id: String
        public var name: String
        public var unit: String
        /// Paise per unit (per gram).
        public var cost: Double
        public var perishable: Bool
    }

    public var seed: UInt64
    public var dishes: [Dish]
    public var ingredients: [Ingredient]
    public var timeZone = TimeZone(identifier: "Asia/Kolkata")!
    public var opening = 11
    public var closing = 23
    /// Morning delivery: this many times an average day's use.
    public var parFactor = 1.15
    /// Guests' real response: 1.5 means 10 % off sells 15 % more (the policy assumes its own figure).
    public var trueElasticity = 1.5
    /// Day-to-day swing in trade, as the standard deviation of a log-normal factor.
    public var dailySwing = 0.25
    public var firstDay = "2026-01-05"
    /// Weeks (0-based) that hold a holiday.
    public var holidayWeeks: Set<Int> = [5, 10]

    public init(seed: UInt64) {
        self.seed = seed
        ingredients = [
            Ingredient(id: "paneer", name: "Paneer", unit: "g", cost: 40, perishable: true),
            Ingredient(id: "spinach", name: "Spinach", unit: "g", cost: 8, perishable: true),
            Ingredient(id: "chicken", name: "Chicken", unit: "g", cost: 30, perishable: true),
            Ingredient(id: "dal", name: "Dal (cooked)", unit: "g", cost: 12, perishable: true),
            Ingredient(id: "flour", name: "Flour", unit: "g", cost: 5, perishable: false),
        ]
        dishes = [
            Dish(id: "paneer-tikka", price: Paise(25_000), recipe: ["paneer": 150], baseRate: 1.2),
            Dish(id: "palak-paneer", price: Paise(28_000), recipe: ["paneer": 120, "spinach": 100], baseRate: 0.8),
            Dish(id: "dal-makhani", price: Paise(22_000), recipe: ["dal": 100], baseRate: 1.5),
            Dish(id: "butter-chicken", price: Paise(35_000), recipe: ["chicken": 200], baseRate: 1.4),
            Dish(id: "chicken-biryani", price: Paise(32_000), recipe: ["chicken": 150], baseRate: 1.0),
            Dish(id: "garlic-naan", price: Paise(6_000), recipe: ["flour": 60], baseRate: 3.0),
        ]
    }

    // MARK: The calendar

    struct Day {
        var index: Int
        var date: String
        var dayOfWeek: Int
        var isMonthEnd: Bool
        var isHolidayWeek: Bool
        /// The day's swing in trade.
        var trade: Double
    }

    func day(_ index: Int) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = HolidayCalendar.parse(firstDay, timeZone)!
        let date = calendar.date(byAdding: .day, value: index, to: start)!
        let features = ServiceCalendar(timeZone: timeZone).features(at: date)
        var random = SeededRandom(seed: seed, index, -1, -1)
        // Box–Muller for the log-normal swing.
        let normal = (-2 * log(random.unit())).squareRoot() * cos(2 * .pi * random.unit())
        return Day(
            index: index, date: ServiceCalendar(timeZone: timeZone).businessDate(of: date), dayOfWeek: features.dayOfWeek,
            isMonthEnd: features.isMonthEnd, isHolidayWeek: holidayWeeks.contains(index / 7),
            trade: exp(dailySwing * normal - dailySwing * dailySwing / 2))
    }

    func hour(_ hour: Int, of day: Day) -> DemandHour {
        let calendar = ServiceCalendar(timeZone: timeZone)
        return DemandHour(
            time: TimeFeatures(
                hour: hour, dayOfWeek: day.dayOfWeek, isWeekend: day.dayOfWeek >= 5,
                isLunchPeak: calendar.lunchPeak.contains(hour), isDinnerPeak: calendar.dinnerPeak.contains(hour),
                isMonthEnd: day.isMonthEnd),
            isHolidayWeek: day.isHolidayWeek)
    }

    /// The true mean demand for a dish in an hour, at full price.
    func trueRate(_ dish: Dish, hour: Int, day: Day) -> Double {
        guard (opening..<closing).contains(hour) else { return 0 }
        var rate = dish.baseRate * day.trade
        switch hour {
        case 12..<15: rate *= 2.5
        case 19..<22: rate *= 3.0
        case 15..<18: rate *= 0.6
        default: break
        }
        if day.dayOfWeek >= 5 { rate *= hour >= 19 ? 1.6 : 1.4 }
        if day.isMonthEnd { rate *= 1.1 }
        if day.isHolidayWeek { rate *= 1.3 }
        return rate
    }

    /// Average daily use of each ingredient at full price (what the morning delivery is planned on).
    func averageDailyUse() -> [String: Double] {
        var use: [String: Double] = [:]
        for index in 0..<28 {
            let day = self.day(index)
            for hour in 0..<24 {
                for dish in dishes {
                    let rate = trueRate(dish, hour: hour, day: day) / day.trade
                    for (ingredient, quantity) in dish.recipe { use[ingredient, default: 0] += rate * quantity / 28 }
                }
            }
        }
        return use
    }

    // MARK: Running a policy

    /// What a policy decides each open hour: a discount per dish.
    public typealias Policy = (_ context: HourContext) -> [String: BasisPoints]

    public struct HourContext {
        public var hour: DemandHour
        public var remainingHours: [DemandHour]
        public var stock: [String: Double]
        public var par: [String: Double]
        public var dishes: [Dish]
        public var ingredients: [Ingredient]
    }

    public struct Outcome: Sendable, Equatable {
        public var revenue = Paise.zero
        public var discountGiven = Paise.zero
        public var portionsSold = 0
        /// Portions guests wanted that the stock could not make.
        public var lostPortions = 0
        /// Paise of perishables thrown away at closing.
        public var wasteCost = 0.0
        /// Paise of perishables delivered.
        public var deliveredCost = 0.0
        public var wasteShare: Double { deliveredCost > 0 ? wasteCost / deliveredCost : 0 }
    }

    /// Sales by hour for `days` days at full price, for training: consecutive local hours.
    public func history(days: Range<Int>) -> DemandHistory {
        var hours: [DemandHour] = []
        var units: [String: [Double]] = Dictionary(uniqueKeysWithValues: dishes.map { ($0.id, []) })
        _ = run(days: days) { context in
            hours.append(context.hour)
            return [:]
        } record: { dish, sold in
            units[dish]!.append(Double(sold))
        }
        return DemandHistory(hours: hours, units: units)
    }

    /// Runs `policy` over `days`, every hour of each day (closed hours sell nothing).
    public func run(days: Range<Int>, policy: Policy, record: (String, Int) -> Void = { _, _ in }) -> Outcome {
        let par = averageDailyUse().mapValues { $0 * parFactor }
        var outcome = Outcome()
        for index in days {
            let day = self.day(index)
            var stock: [String: Double] = [:]
            for ingredient in ingredients {
                stock[ingredient.id] = par[ingredient.id] ?? 0
                if ingredient.perishable { outcome.deliveredCost += (par[ingredient.id] ?? 0) * ingredient.cost }
            }
            for hourOfDay in 0..<24 {
                let hour = self.hour(hourOfDay, of: day)
                let remaining = (hourOfDay..<max(hourOfDay, closing)).map { self.hour($0, of: day) }
                let discounts = policy(HourContext(
                    hour: hour, remainingHours: remaining, stock: stock, par: par, dishes: dishes, ingredients: ingredients))
                for (position, dish) in dishes.enumerated() {
                    let discount = Double((discounts[dish.id] ?? .zero).value) / 10_000
                    let rate = trueRate(dish, hour: hourOfDay, day: day) * (1 + trueElasticity * discount)
                    var random = SeededRandom(seed: seed, index, hourOfDay, position)
                    let wanted = SeededRandom.poisson(mean: rate, u: random.unit())
                    let makeable = dish.recipe.map { Int((stock[$0.key] ?? 0) / $0.value) }.min() ?? wanted
                    let sold = min(wanted, makeable)
                    for (ingredient, quantity) in dish.recipe { stock[ingredient]! -= Double(sold) * quantity }
                    let unitPrice = dish.price.value - dish.price.value * Int64(discount * 10_000) / 10_000
                    outcome.revenue += Paise(unitPrice * Int64(sold))
                    outcome.discountGiven += Paise((dish.price.value - unitPrice) * Int64(sold))
                    outcome.portionsSold += sold
                    outcome.lostPortions += wanted - sold
                    record(dish.id, sold)
                }
            }
            for ingredient in ingredients where ingredient.perishable {
                outcome.wasteCost += max(stock[ingredient.id] ?? 0, 0) * ingredient.cost
            }
        }
        return outcome
    }

    // MARK: The comparison

    public struct PolicyResult: Sendable {
        public var name: String
        public var outcome: Outcome
    }

    public struct Report: Sendable {
        public var seed: UInt64
        public var trainingWeeks: Int
        public var evaluationWeeks: Int
        public var evaluation: DemandEvaluation
        public var results: [PolicyResult]
    }

    /// Trains the model on `trainingWeeks` of full-price trade, scores it on the next two weeks
    /// against "same hour last week", then runs each policy over the `evaluationWeeks` after the
    /// training weeks, on the same guests.
    public func compare(trainingWeeks: Int = 8, evaluationWeeks: Int = 4, guardrails: DiscountGuardrails = DiscountGuardrails()) -> Report {
        let trainingDays = 0..<(trainingWeeks * 7)
        let evaluationDays = trainingDays.upperBound..<(trainingDays.upperBound + evaluationWeeks * 7)
        let scored = history(days: 0..<(trainingWeeks * 7 + 14))
        let evaluation = DemandModel.evaluate(scored, heldOutHours: 14 * 24)!
        let policy = DemandDiscountPolicy(model: DemandModel.train(history(days: trainingDays)), modelVersion: 1, guardrails: guardrails)
        let items = dishes.map { dish in
            PolicyItem(
                id: dish.id, price: dish.price,
                foodCost: Paise(Int64(dish.recipe.reduce(0) { total, line in
                    total + line.value * (ingredients.first { $0.id == line.key }?.cost ?? 0) })),
                recipe: dish.recipe)
        }
        let results: [PolicyResult] = [
            PolicyResult(name: "No discounts", outcome: run(days: evaluationDays) { _ in [:] }),
            PolicyResult(name: "Fixed rule: 15 % off when the scarcest ingredient is at most 30 % of par", outcome: run(days: evaluationDays) { context in
                var answer: [String: BasisPoints] = [:]
                for dish in context.dishes {
                    let level = dish.recipe.keys.map { (context.stock[$0] ?? 0) / max(context.par[$0] ?? 1, 1) }.min() ?? 1
                    if level <= 0.30 { answer[dish.id] = BasisPoints(percent: 15) }
                }
                return answer
            }),
            PolicyResult(name: "Fixed rule: 20 % off perishable dishes from 21:00 to closing", outcome: run(days: evaluationDays) { context in
                guard context.hour.time.hour >= 21 else { return [:] }
                return Dictionary(uniqueKeysWithValues: context.dishes
                    .filter { $0.recipe.keys.contains { id in context.ingredients.contains { $0.id == id && $0.perishable } } }
                    .map { ($0.id, BasisPoints(percent: 20)) })
            }),
            PolicyResult(name: "Demand model policy", outcome: run(days: evaluationDays) { context in
                let perishables = context.ingredients.filter(\.perishable).map {
                    PerishableStock(id: $0.id, name: $0.name, unit: $0.unit, available: max(context.stock[$0.id] ?? 0, 0))
                }
                return policy.recommend(items: items, perishables: perishables, remainingHours: context.remainingHours, now: context.hour.time)
                    .mapValues(\.discount)
            }),
        ]
        return Report(seed: seed, trainingWeeks: trainingWeeks, evaluationWeeks: evaluationWeeks, evaluation: evaluation, results: results)
    }
}
