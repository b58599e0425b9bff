import Foundation

/// A restaurant's sales by local hour: consecutive hours, oldest first, and each item's units
/// sold in each of them (zeros included: a quiet hour is information too).
public struct DemandHistory: Sendable {
    public var hours: [DemandHour]
    public var units: [String: [Double]]

    public init(hours: [DemandHour], units: [String: [Double]]) {
        self.hours = hours
        self.units = units
    }

    /// The hours `range` of this history.
    func slice(_ range: Range<Int>) -> DemandHistory {
        DemandHistory(hours: Array(hours[range]), units: units.mapValues { Array($0[range]) })
    }
}

/// Expected units of one item in one hour, and how sure the model is of it.
public struct DemandForecast: Sendable, Equatable {
    public var mean: Double
    /// Variance of the units actually sold: Poisson noise plus the model's own uncertainty.
    public var variance: Double
}

/// Per item, expected units per local hour: one Poisson regression per item on the time
/// features (docs/glossary.md, "Demand model"), learned from the restaurant's own orders.
public struct DemandModel: Codable, Sendable, Equatable {
    public var items: [String: PoissonRegression]

    public static let ridge = 1.0

    public static func train(_ history: DemandHistory) -> DemandModel {
        let rows = history.hours.map(\.vector)
        return DemandModel(items: history.units.mapValues { PoissonRegression.fit(rows: rows, counts: $0, ridge: ridge) })
    }

    public func forecast(itemId: String, at hour: DemandHour) -> DemandForecast? {
        forecast(itemId: itemId, active: hour.activeFeatures)
    }

    /// A forecast from `DemandHour.activeFeatures`, computed once per hour by callers that ask
    /// about many items.
    public func forecast(itemId: String, active: [Int]) -> DemandForecast? {
        guard let regression = items[itemId] else { return nil }
        let (mean, linearVariance) = regression.meanAndLinearVariance(active: active)
        return DemandForecast(mean: mean, variance: mean + mean * mean * linearVariance)
    }

    /// Held-out evaluation: trains on all but the last `heldOutHours` and scores those hours by
    /// mean absolute error per item-hour, against the naive forecast "the same hour last week".
    /// Nil when the history is too short to hold a week out and still have one to learn from.
    public static func evaluate(_ history: DemandHistory, heldOutHours: Int = 168) -> DemandEvaluation? {
        let count = history.hours.count
        guard count >= heldOutHours + 168, !history.units.isEmpty else { return nil }
        let split = count - heldOutHours
        let model = train(history.slice(0..<split))
        var modelError = 0.0
        var naiveError = 0.0
        var cells = 0
        for (item, units) in history.units {
            for index in split..<count {
                let actual = units[index]
                modelError += abs((model.forecast(itemId: item, at: history.hours[index])?.mean ?? 0) - actual)
                naiveError += abs(units[index - 168] - actual)
                cells += 1
            }
        }
        return DemandEvaluation(
            meanAbsoluteError: modelError / Double(cells), naiveMeanAbsoluteError: naiveError / Double(cells),
            trainingHours: split, heldOutHours: heldOutHours, items: history.units.count)
    }
}

/// How a trained model scored on the hours it did not see.
public struct DemandEvaluation: Codable, Sendable, Equatable {
    /// Mean absolute error per item-hour, in units.
    public var meanAbsoluteError: Double
    /// The same for "same hour last week".
    public var naiveMeanAbsoluteError: Double
    public var trainingHours: Int
    public var heldOutHours: Int
    public var items: Int

    public init(meanAbsoluteError: Double, naiveMeanAbsoluteError: Double, trainingHours: Int, heldOutHours: Int, items: Int) {
        self.meanAbsoluteError = meanAbsoluteError
        self.naiveMeanAbsoluteError = naiveMeanAbsoluteError
        self.trainingHours = trainingHours
        self.heldOutHours = heldOutHours
        self.items = items
    }

    /// Error reduction against the naive baseline: 0.3 means 30 % smaller.
    public var improvement: Double {
        naiveMeanAbsoluteError > 0 ? 1 - meanAbsoluteError / naiveMeanAbsoluteError : 0
    }
}

/// One order line sold, for training.
public struct SaleLine: Sendable, Equatable {
    public var itemId: String
    public var at: Date
    public var quantity: Int

    public init(itemId: String, at: Date, quantity: Int) {
        self.itemId = itemId
        self.at = at
        self.quantity = quantity
    }
}

extension DemandHistory {
    /// Buckets sales into the restaurant's local hours from the hour holding `from` up to (not
    /// including) the hour holding `until`, with zeros for hours without sales and for items
    /// that never sold.
    public static func from(
        sales: [SaleLine], itemIds: [String], from: Date, until: Date, calendar: ServiceCalendar, holidays: HolidayCalendar
    ) -> DemandHistory {
        let start = calendar.startOfHour(from)
        let count = max(0, Int(calendar.startOfHour(until).timeIntervalSince(start) / 3_600))
        var units = Dictionary(uniqueKeysWithValues: itemIds.map { ($0, Array(repeating: 0.0, count: count)) })
        for sale in sales {
            let index = Int(sale.at.timeIntervalSince(start) / 3_600)
            guard index >= 0, index < count, units[sale.itemId] != nil else { continue }
            units[sale.itemId]![index] += Double(sale.quantity)
        }
        return DemandHistory(hours: (0..<count).map { calendar.demandHour(at: start.addingTimeInterval(Double($0) * 3_600), holidays: holidays) }, units: units)
    }
}

extension ServiceCalendar {
    /// The start of the local hour holding `instant` (zones with half-hour offsets included).
    public func startOfHour(_ instant: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateInterval(of: .hour, for: instant)?.start ?? instant
    }

    /// The model's view of the local hour holding `instant`.
    public func demandHour(at instant: Date, holidays: HolidayCalendar) -> DemandHour {
        let time = features(at: instant)
        return DemandHour(
            time: time, isHolidayWeek: holidays.isHolidayWeek(localDate: businessDate(of: instant), dayOfWeek: time.dayOfWeek, in: timeZone))
    }

    /// The local hours from the one holding `instant` until `endHour` (exclusive) the same day.
    /// The day's facts are read once; only the hour and its peaks change (this runs per order).
    public func remainingHours(from instant: Date, until endHour: Int, holidays: HolidayCalendar) -> [DemandHour] {
        let first = demandHour(at: instant, holidays: holidays)
        guard first.time.hour < endHour else { return [] }
        return (first.time.hour..<endHour).map { hour in
            var next = first
            next.time.hour = hour
            next.time.isLunchPeak = lunchPeak.contains(hour)
            next.time.isDinnerPeak = dinnerPeak.contains(hour)
            return next
        }
    }
}
