import TandemCore

/// An exponentially weighted moving average of a deployment's latency (recent answers count most).
public struct LatencyAverage: Sendable, Hashable {
    /// The weight of a new sample (0...1).
    public var smoothing: Double
    /// The current average, or `nil` before the first sample.
    public private(set) var value: Duration?

    /// An empty average.
    public init(smoothing: Double = 0.3) {
        self.smoothing = smoothing
    }

    /// Adds a sample.
    public mutating func add(_ sample: Duration) {
        guard let current = self.value else {
            self.value = sample
            return
        }
        let mixed =
            Double(current.totalNanoseconds) * (1 - self.smoothing) + Double(sample.totalNanoseconds) * self.smoothing
        self.value = .nanoseconds(Int64(mixed))
    }
}
