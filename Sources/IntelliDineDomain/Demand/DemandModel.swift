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

/// Per item, expected units per local hour: one Poisson regression per item on the seed's time
/// features, learned from the restaurant's own orders.
public struct DemandModel: Codable, Sendable, Equatable {
    public var items: [String: PoissonRegression]

    public static let ridge = 1.0

    public static func train(_ history: DemandHistory) -> DemandModel {
        let rows = history.hours.map(\.vector)
        return DemandModel(items: history.units.mapValues { PoissonRegression.fit(rows: rows, counts: $0, ridge: ridge) })
    }

    public func forecast(itemId: String, at hour: DemandHour) -> DemandForecast? {
        guard let regression = items[itemId] else { return nil }
        let x = hour.vector
        let mean = regression.mean(x)
        return DemandForecast(mean: mean, variance: mean + mean * mean * regression.linearPredictorVariance(x))
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

    /// Error reduction against the naive baseline: 0.3 means 30 % smaller.
    public var improvement: Double {
        naiveMeanAbsoluteError > 0 ? 1 - meanAbsoluteError / naiveMeanAbsoluteError : 0
    }
}
