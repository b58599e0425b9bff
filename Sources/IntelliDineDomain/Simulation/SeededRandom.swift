/// SplitMix64: a small, fast, well-mixed generator, so a simulation run is the same on every
/// machine for the same seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one cell of a simulation (day, hour, item): every policy sees the same
    /// draw for the same cell, so policies are compared on the same guests.
    public init(seed: UInt64, _ a: Int, _ b: Int, _ c: Int) {
        var mixer = SeededRandom(seed: seed ^ UInt64(truncatingIfNeeded: a &* 1_000_003 &+ b &* 1_009 &+ c))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    public mutating func unit() -> Double { (Double(next() >> 11) + 0.5) / Double(1 << 53) }

    /// A Poisson draw by inversion of one uniform: the same `u` under a larger mean gives a count
    /// at least as large, which keeps paired policies comparable.
    public static func poisson(mean: Double, u: Double) -> Int {
        guard mean > 0 else { return 0 }
        var k = 0
        var probability = exp(-mean)
        var cumulative = probability
        while cumulative < u && k < 10_000 {
            k += 1
            probability *= mean / Double(k)
            cumulative += probability
        }
        return k
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
