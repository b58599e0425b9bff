import Foundation

/// A Poisson regression with a log link, fitted by iteratively reweighted least squares (Newton's
/// method) with a ridge penalty on every coefficient but the intercept. Counts of dishes sold per
/// hour are small, often zero, and their spread grows with their mean: the Poisson model is the
/// textbook fit for them, and its coefficients read as multipliers ("Saturday: ×1.6").
public struct PoissonRegression: Codable, Sendable, Equatable {
    public var coefficients: [Double]
    /// The inverse of the penalised Fisher information: the coefficients' covariance, row-major.
    /// It turns into the uncertainty of each prediction, and from there into a confidence.
    public var covariance: [Double]

    /// `rows` are feature vectors whose first entry is the intercept's 1. Rows with the same
    /// features are pooled first (a count total over an exposure), so eight weeks of hours fit
    /// as a few hundred distinct rows.
    public static func fit(rows: [[Double]], counts: [Double], ridge: Double = 1.0, maxIterations: Int = 40) -> PoissonRegression {
        let p = rows.first?.count ?? 1
        var pooled: [[Double]: (total: Double, exposure: Double)] = [:]
        for (x, y) in zip(rows, counts) { pooled[x, default: (0, 0)].total += y; pooled[x, default: (0, 0)].exposure += 1 }
        let groups = pooled.map { entry in
            (x: entry.key, nonzero: entry.key.indices.filter { entry.key[$0] != 0 }, total: entry.value.total, exposure: entry.value.exposure)
        }
        let meanCount = counts.isEmpty ? 0 : counts.reduce(0, +) / Double(counts.count)
        var beta = Array(repeating: 0.0, count: p)
        beta[0] = log(meanCount + 0.05)
        var information = SymmetricMatrix(size: p)
        for _ in 0..<maxIterations {
            information = SymmetricMatrix(size: p)
            var gradient = Array(repeating: 0.0, count: p)
            for group in groups {
                let mu = exp(min(dot(beta, group.x), 20))
                let residual = group.total - group.exposure * mu
                for i in group.nonzero {
                    gradient[i] += residual * group.x[i]
                    let weighted = group.exposure * mu * group.x[i]
                    for j in group.nonzero where j <= i { information.values[i * p + j] += weighted * group.x[j] }
                }
            }
            for i in 0..<p {
                for j in 0..<i { information[j, i] = information[i, j] }
                if i > 0 {
                    information[i, i] += ridge
                    gradient[i] -= ridge * beta[i]
                }
            }
            information[0, 0] += 1e-9
            guard let lower = information.cholesky() else { break }
            let step = SymmetricMatrix.solve(lower: lower, size: p, gradient)
            var largest = 0.0
            for i in 0..<p {
                // Newton steps on a log scale are capped so an item sold only once cannot overshoot.
                let bounded = max(-3, min(3, step[i]))
                beta[i] += bounded
                largest = max(largest, abs(bounded))
            }
            if largest < 1e-7 { break }
        }
        let covariance = information.cholesky().map { SymmetricMatrix.inverse(lower: $0, size: p).values }
            ?? Array(repeating: 0, count: p * p)
        return PoissonRegression(coefficients: beta, covariance: covariance)
    }

    /// Expected count for one feature vector.
    public func mean(_ x: [Double]) -> Double { exp(min(Self.dot(coefficients, x), 20)) }

    /// Variance of the linear predictor `xᵀβ` (delta method: `xᵀ Σ x`).
    public func linearPredictorVariance(_ x: [Double]) -> Double {
        let p = coefficients.count
        var total = 0.0
        for i in 0..<p where x[i] != 0 {
            var row = 0.0
            for j in 0..<p where x[j] != 0 { row += covariance[i * p + j] * x[j] }
            total += x[i] * row
        }
        return max(total, 0)
    }

    /// The same two figures for a 0/1 feature vector given by the indices that are 1: the
    /// forecast's hot loop inside order placement touches ten numbers instead of 1,600.
    public func meanAndLinearVariance(active: [Int]) -> (mean: Double, variance: Double) {
        let p = coefficients.count
        var eta = 0.0
        var variance = 0.0
        for i in active {
            eta += coefficients[i]
            for j in active { variance += covariance[i * p + j] }
        }
        return (exp(min(eta, 20)), max(variance, 0))
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<a.count { sum += a[i] * b[i] }
        return sum
    }
}

