/// A cumulative histogram in Prometheus's shape: fixed upper bounds, a count per bucket, a sum.
struct PrometheusHistogram: Sendable {
    /// Latency bounds in seconds, from 0.5 ms to 2 minutes.
    static let latencyBounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
    ]

    let bounds: [Double]
    private(set) var counts: [UInt64]
    private(set) var sum: Double = 0
    private(set) var count: UInt64 = 0

    init(bounds: [Double] = PrometheusHistogram.latencyBounds) {
        self.bounds = bounds
        self.counts = Array(repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
        self.sum += value
        self.count += 1
        if let index = self.bounds.firstIndex(where: { value <= $0 }) { self.counts[index] += 1 }
    }

    /// Exposition lines for one labelled series (`labels` already formatted, without braces).
    func lines(name: String, labels: String) -> [String] {
        var lines: [String] = []
        var cumulative: UInt64 = 0
        let prefix = labels.isEmpty ? "" : labels + ","
        for (bound, count) in zip(self.bounds, self.counts) {
            cumulative += count
            lines.append("\(name)_bucket{\(prefix)le=\"\(PrometheusText.number(bound))\"} \(cumulative)")
        }
        lines.append("\(name)_bucket{\(prefix)le=\"+Inf\"} \(self.count)")
        let braces = labels.isEmpty ? "" : "{\(labels)}"
        lines.append("\(name)_sum\(braces) \(PrometheusText.number(self.sum))")
        lines.append("\(name)_count\(braces) \(self.count)")
        return lines
    }
}
