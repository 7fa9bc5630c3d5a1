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
    private let counters = Mutex<[Key: Counter]>([:])
    private let gauges = Mutex<[Key: Gauge]>([:])

    /// A metric's label and dimension values (each label has fixed dimension names): hashed as they are, instead of
    /// a key string built on every request; the dimensions array is built only when the metric is first made.
    private struct Key: Hashable {
        let label: String
        let first: String
        var second = ""
    }

    /// Metrics through `factory`, or the process's `MetricsSystem` when `nil`.
    init(factory: (any MetricsFactory)?) {
        self.factory = factory
    }

    func attempt(deployment: String, outcome: String) {
        self.counter(Key(label: "llm_router_attempts", first: deployment, second: outcome)) {
            [("deployment", deployment), ("outcome", outcome)]
        }.increment()
    }

    func retry(deployment: String) {
        self.counter(Key(label: "llm_router_retries", first: deployment)) { [("deployment", deployment)] }.increment()
    }

    func fallback(model: String, kind: String) {
        self.counter(Key(label: "llm_router_fallbacks", first: model, second: kind)) {
            [("model", model), ("kind", kind)]
        }.increment()
    }

    func breaker(deployment: String, open: Bool) {
        if open {
            self.counter(Key(label: "llm_router_breaker_opened", first: deployment)) { [("deployment", deployment)] }
                .increment()
        }
        self.gauge(Key(label: "llm_router_breaker_open", first: deployment)) { [("deployment", deployment)] }
            .record(open ? 1 : 0)
    }

    func streamErrorAfterCommit(deployment: String) {
        self.counter(Key(label: "llm_router_stream_errors_after_commit", first: deployment)) {
            [("deployment", deployment)]
        }.increment()
    }

    private func counter(_ key: Key, _ dimensions: () -> [(String, String)]) -> Counter {
        self.counters.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter =
                self.factory.map { Counter(label: key.label, dimensions: dimensions(), factory: $0) }
                ?? Counter(label: key.label, dimensions: dimensions())
            cache[key] = counter
            return counter
        }
    }

    private func gauge(_ key: Key, _ dimensions: () -> [(String, String)]) -> Gauge {
        self.gauges.withLock { cache in
            if let gauge = cache[key] { return gauge }
            let gauge =
                self.factory.map { Gauge(label: key.label, dimensions: dimensions(), factory: $0) }
                ?? Gauge(label: key.label, dimensions: dimensions())
            cache[key] = gauge
            return gauge
        }
    }
}
