/// What a call cost in US dollars, split by token kind.
public struct Cost: Sendable, Hashable {
    /// Uncached input tokens.
    public var input: Double
    /// Output tokens.
    public var output: Double
    /// Cache reads.
    public var cacheRead: Double
    /// Cache writes.
    public var cacheWrite: Double

    /// Creates a cost.
    public init(input: Double = 0, output: Double = 0, cacheRead: Double = 0, cacheWrite: Double = 0) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
    }

    /// The sum of all parts, in US dollars.
    public var total: Double { self.input + self.output + self.cacheRead + self.cacheWrite }

    /// Two costs added.
    public static func + (lhs: Cost, rhs: Cost) -> Cost {
        Cost(
            input: lhs.input + rhs.input,
            output: lhs.output + rhs.output,
            cacheRead: lhs.cacheRead + rhs.cacheRead,
            cacheWrite: lhs.cacheWrite + rhs.cacheWrite
        )
    }
}
