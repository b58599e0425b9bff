/// The small dense linear algebra the demand model needs: a symmetric positive-definite matrix,
/// its Cholesky factor, solves and the inverse. Tens of rows at most, so plain loops are enough.
struct SymmetricMatrix: Sendable {
    let size: Int
    /// Row-major, `size × size`.
    var values: [Double]

    init(size: Int) {
        self.size = size
        self.values = Array(repeating: 0, count: size * size)
    }

    subscript(row: Int, column: Int) -> Double {
        get { values[row * size + column] }
        set { values[row * size + column] = newValue }
    }

    /// The lower-triangular `L` with `L Lᵀ = self`, or nil when the matrix is not positive definite.
    func cholesky() -> [Double]? {
        var lower = Array(repeating: 0.0, count: size * size)
        for i in 0..<size {
            for j in 0...i {
                var sum = self[i, j]
                for k in 0..<j { sum -= lower[i * size + k] * lower[j * size + k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    lower[i * size + i] = sum.squareRoot()
                } else {
                    lower[i * size + j] = sum / lower[j * size + j]
                }
            }
        }
        return lower
    }

    /// Solves `L Lᵀ x = b` with a factor from `cholesky()`.
    static func solve(lower: [Double], size: Int, _ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<size {
            var sum = y[i]
            for k in 0..<i { sum -= lower[i * size + k] * y[k] }
            y[i] = sum / lower[i * size + i]
        }
        var x = y
        for i in stride(from: size - 1, through: 0, by: -1) {
            var sum = x[i]
            for k in (i + 1)..<size { sum -= lower[k * size + i] * x[k] }
            x[i] = sum / lower[i * size + i]
        }
        return x
    }

    /// The inverse, column by column from the Cholesky factor.
    static func inverse(lower: [Double], size: Int) -> SymmetricMatrix {
        var inverse = SymmetricMatrix(size: size)
        for column in 0..<size {
            var unit = Array(repeating: 0.0, count: size)
            unit[column] = 1
            let solved = solve(lower: lower, size: size, unit)
            for row in 0..<size { inverse[row, column] = solved[row] }
        }
        return inverse
    }
}
