import CoreMetrics
import Synchronization

/// A metrics factory that keeps counter totals and last gauge values by `label|dim=value|...`, for asserting what
/// the router reported without touching the process-wide `MetricsSystem`.
final class RecordingMetrics: MetricsFactory, Sendable {
    private let values = Mutex<[String: Double]>([:])

    func value(_ label: String, _ dimensions: [(String, String)]) -> Double {
        self.values.withLock { $0[Self.key(label, dimensions)] ?? 0 }
    }

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: "|")
    }

    fileprivate func add(_ key: String, _ amount: Double) { self.values.withLock { $0[key, default: 0] += amount } }
    fileprivate func set(_ key: String, _ value: Double) { self.values.withLock { $0[key] = value } }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(metrics: self, key: Self.key(label, dimensions))
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(metrics: self, key: Self.key(label, dimensions))
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Handler(metrics: self, key: Self.key(label, dimensions))
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    private final class Handler: CounterHandler, RecorderHandler, TimerHandler, Sendable {
        let metrics: RecordingMetrics
        let key: String

        init(metrics: RecordingMetrics, key: String) {
            self.metrics = metrics
            self.key = key
        }

        func increment(by amount: Int64) { self.metrics.add(self.key, Double(amount)) }
        func reset() { self.metrics.set(self.key, 0) }
        func record(_ value: Int64) { self.metrics.set(self.key, Double(value)) }
        func record(_ value: Double) { self.metrics.set(self.key, value) }
        func recordNanoseconds(_ duration: Int64) { self.metrics.set(self.key, Double(duration)) }
    }
}
