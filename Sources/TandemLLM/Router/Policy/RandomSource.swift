/// A small seedable generator (SplitMix64) for jitter and weighted picks: the router's draws are reproducible in
/// tests, and seeded from the system generator otherwise.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator with the given seed.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// A generator seeded from the system generator.
    public init() {
        var system = SystemRandomNumberGenerator()
        self.state = system.next()
    }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in `0..<1`.
    public mutating func unit() -> Double {
        Double(self.next() >> 11) / Double(UInt64(1) << 53)
    }
}
