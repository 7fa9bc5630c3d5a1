import Metrics
import Synchronization
import TandemCore

/// The runtime's own metrics: cold starts, invocations, errors and duration per handler, through swift-metrics.
/// On Lambda the executable bootstraps ``EmbeddedMetricFormatFactory``, which turns them into CloudWatch EMF lines.
final class LambdaInvocationMetrics: Sendable {
    private let duration: Metrics.Timer
    private let invocations: Counter
    private let errors: Counter
    private let coldStarts: Counter
    private let isCold = Atomic<Bool>(true)
    /// The backend's flush, looked up once (a dynamic cast to a protocol on every invocation costs microseconds).
    private let flusher: (any MetricsFlushing)?

    init(handler: String) {
        let dimensions = [("handler", handler)]
        self.duration = Metrics.Timer(label: "Duration", dimensions: dimensions, preferredDisplayUnit: .milliseconds)
        self.invocations = Counter(label: "Invocations", dimensions: dimensions)
        self.errors = Counter(label: "Errors", dimensions: dimensions)
        self.coldStarts = Counter(label: "ColdStart", dimensions: dimensions)
        self.flusher = MetricsSystem.factory as? any MetricsFlushing
    }

    func record(duration: Duration, failed: Bool) {
        if self.isCold.exchange(false, ordering: .relaxed) { self.coldStarts.increment() }
        self.invocations.increment()
        if failed { self.errors.increment() }
        self.duration.recordNanoseconds(duration.totalNanoseconds)
        self.flusher?.flush()
    }
}

/// A metrics backend that buffers and writes out on demand (the Lambda runtime flushes after every invocation).
public protocol MetricsFlushing: Sendable {
    /// Writes out and clears what was recorded since the last flush.
    func flush()
}
