import CoreMetrics
import Synchronization

/// The router's counters and gauges, through swift-metrics (the gateway's `/metrics` and Lambda's EMF lines show
/// them). Dimensions are bounded: the deployment id (configured, or `provider/model`), an error code from a fixed
/// set, and a fallback kind.
///
/// - `llm_router_attempts{deployment, outcome}`: upstream attempts; `outcome` is `success` or the error code.
/// - `llm_router_retries{deployment}`: attempts that were retries after a failure.
/// - `llm_router_fallbacks{model, kind}`: moves to another model (`kind`: `chain`, `context_window`,
///   `content_policy`).
/// - `llm_router_breaker_opened{deployment}` and the gauge `llm_router_breaker_open{deployment}` (1 while cooling
///   down, 0 once closed).
/// - `llm_router_stream_errors_after_commit{deployment}`: streams ended by an in-band error after content.
final class RouterMetrics: Sendable {
    private let factory: (any MetricsFactory)?
    private let counters = Mutex<[String: Counter]>([:])
    private let gauges = Mutex<[String: Gauge]>([:])

    /// Metrics through `factory`, or the process's `MetricsSystem` when `nil`.
    init(factory: (any MetricsFactory)?) {
        self.factory = factory
    }

    func attempt(deployment: String, outcome: String) {
        self.counter("llm_router_attempts", [("deployment", deployment), ("outcome", outcome)]).increment()
    }

    func retry(deployment: String) {
        self.counter("llm_router_retries", [("deployment", deployment)]).increment()
    }

    func fallback(model: String, kind: String) {
        self.counter("llm_router_fallbacks", [("model", model), ("kind", kind)]).increment()
    }

    func breaker(deployment: String, open: Bool) {
        if open { self.counter("llm_router_breaker_opened", [("deployment", deployment)]).increment() }
        self.gauge("llm_router_breaker_open", [("deployment", deployment)]).record(open ? 1 : 0)
    }

    func streamErrorAfterCommit(deployment: String) {
        self.counter("llm_router_stream_errors_after_commit", [("deployment", deployment)]).increment()
    }

    private func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: "|")
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        self.counters.withLock { cache in
            let key = self.key(label, dimensions)
            if let counter = cache[key] { return counter }
            let counter =
                self.factory.map { Counter(label: label, dimensions: dimensions, factory: $0) }
                ?? Counter(label: label, dimensions: dimensions)
            cache[key] = counter
            return counter
        }
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)]) -> Gauge {
        self.gauges.withLock { cache in
            let key = self.key(label, dimensions)
            if let gauge = cache[key] { return gauge }
            let gauge =
                self.factory.map { Gauge(label: label, dimensions: dimensions, factory: $0) }
                ?? Gauge(label: label, dimensions: dimensions)
            cache[key] = gauge
            return gauge
        }
    }
}
