import Synchronization

/// The gateway's metrics, rendered in Prometheus's text format at `GET /metrics`.
///
/// Dimensions are bounded: routes are the gateway's own, and models beyond the first ``maximumModels`` distinct
/// names are counted as `other`, so a client sending random model names cannot grow the registry without bound.
public final class GatewayMetrics: Sendable {
    /// Distinct model label values kept before new ones become `other`.
    public static let maximumModels = 256

    private struct RequestKey: Hashable { var route: String; var model: String; var status: Int }
    private struct TokenKey: Hashable { var model: String; var kind: String }
    private struct UpstreamKey: Hashable { var provider: String; var code: String }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var latency: [String: PrometheusHistogram] = [:]
        var firstToken: [String: PrometheusHistogram] = [:]
        var overhead: [String: PrometheusHistogram] = [:]
        var tokens: [TokenKey: UInt64] = [:]
        var upstreamErrors: [UpstreamKey: UInt64] = [:]
        var rejected: [String: UInt64] = [:]
        var models: Set<String> = []
        var inFlightStreams = 0
        var heartbeats: UInt64 = 0
        var disconnects: UInt64 = 0
    }

    private let state = Mutex(State())
    /// Extra exposition text from other components (the router's retries and breakers), appended as is.
    private let sources = Mutex<[@Sendable () -> String]>([])

    /// An empty registry.
    public init() {}

    /// Adds a component whose own exposition lines are appended to ``render()`` (the router's retry and breaker
    /// metrics, for example).
    public func addSource(_ render: @escaping @Sendable () -> String) {
        self.sources.withLock { $0.append(render) }
    }

    /// Counts one finished request.
    public func recordRequest(route: String, model: String, status: Int, seconds: Double) {
        self.state.withLock { state in
            let model = Self.boundedModel(model, &state.models)
            state.requests[RequestKey(route: route, model: model, status: status), default: 0] += 1
            state.latency[route, default: PrometheusHistogram()].observe(seconds)
        }
    }

    /// Records a whole answer at once, under one lock: ``recordOverhead(route:seconds:)``,
    /// ``recordTokens(model:input:output:)`` and ``recordRequest(route:model:status:seconds:)`` with status 200.
    public func recordAnswer(route: String, model: String, seconds: Double, overhead: Double, input: Int, output: Int) {
        self.state.withLock { state in
            let model = Self.boundedModel(model, &state.models)
            state.overhead[route, default: PrometheusHistogram()].observe(overhead)
            if input > 0 || output > 0 {
                state.tokens[TokenKey(model: model, kind: "input"), default: 0] += UInt64(input)
                state.tokens[TokenKey(model: model, kind: "output"), default: 0] += UInt64(output)
            }
            state.requests[RequestKey(route: route, model: model, status: 200), default: 0] += 1
            state.latency[route, default: PrometheusHistogram()].observe(seconds)
        }
    }

    /// Records the time from a request's arrival to its first streamed token.
    public func recordFirstToken(route: String, seconds: Double) {
        self.state.withLock { $0.firstToken[route, default: PrometheusHistogram()].observe(seconds) }
    }

    /// Records the time spent in Tandem itself (request minus upstream).
    public func recordOverhead(route: String, seconds: Double) {
        self.state.withLock { $0.overhead[route, default: PrometheusHistogram()].observe(seconds) }
    }

    /// Counts tokens by model and kind (`input`, `output`).
    public func recordTokens(model: String, input: Int, output: Int) {
        guard input > 0 || output > 0 else { return }
        self.state.withLock { state in
            let model = Self.boundedModel(model, &state.models)
            state.tokens[TokenKey(model: model, kind: "input"), default: 0] += UInt64(input)
            state.tokens[TokenKey(model: model, kind: "output"), default: 0] += UInt64(output)
        }
    }

    /// Counts an upstream failure by provider and error code.
    public func recordUpstreamError(provider: String, code: String) {
        self.state.withLock { $0.upstreamErrors[UpstreamKey(provider: provider, code: code), default: 0] += 1 }
    }

    /// Counts a request refused by access control or limits, by reason (`unauthenticated`, `rpm`, ...).
    public func recordRejection(_ reason: String) {
        self.state.withLock { $0.rejected[reason, default: 0] += 1 }
    }

    /// A stream began (+1) or ended (-1).
    public func streamStarted() { self.state.withLock { $0.inFlightStreams += 1 } }

    /// A stream ended.
    public func streamEnded() { self.state.withLock { $0.inFlightStreams -= 1 } }

    /// A heartbeat was written.
    public func heartbeatSent() { self.state.withLock { $0.heartbeats += 1 } }

    /// A client went away mid-stream (its upstream request was cancelled).
    public func clientDisconnected() { self.state.withLock { $0.disconnects += 1 } }

    /// Streams in flight now.
    public var inFlightStreams: Int { self.state.withLock { $0.inFlightStreams } }

    private static func boundedModel(_ model: String, _ models: inout Set<String>) -> String {
        if models.contains(model) { return model }
        guard models.count < Self.maximumModels else { return "other" }
        models.insert(model)
        return model
    }

    /// The exposition text.
    public func render() -> String {
        let state = self.state.withLock { $0 }
        var lines: [String] = []
        lines.append("# HELP tandem_requests_total Gateway requests by route, model and status.")
        lines.append("# TYPE tandem_requests_total counter")
        for (key, value) in state.requests.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            let labels = PrometheusText.labels([
                ("route", key.route), ("model", key.model), ("status", String(key.status)),
            ])
            lines.append("tandem_requests_total{\(labels)} \(value)")
        }
        Self.histograms(
            &lines,
            name: "tandem_request_duration_seconds",
            help: "Time from request to last byte.",
            state.latency
        )
        Self.histograms(
            &lines,
            name: "tandem_time_to_first_token_seconds",
            help: "Time from request to the first streamed token.",
            state.firstToken
        )
        Self.histograms(
            &lines,
            name: "tandem_overhead_seconds",
            help: "Time spent in Tandem itself (request minus upstream).",
            state.overhead
        )
        lines.append("# HELP tandem_tokens_total Tokens by model and kind.")
        lines.append("# TYPE tandem_tokens_total counter")
        for (key, value) in state.tokens.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            lines.append("tandem_tokens_total{\(PrometheusText.labels([("model", key.model), ("kind", key.kind)]))} \(value)")
        }
        lines.append("# HELP tandem_upstream_errors_total Upstream failures seen by the gateway, by provider and code.")
        lines.append("# TYPE tandem_upstream_errors_total counter")
        for (key, value) in state.upstreamErrors.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            let labels = PrometheusText.labels([("provider", key.provider), ("code", key.code)])
            lines.append("tandem_upstream_errors_total{\(labels)} \(value)")
        }
        lines.append("# HELP tandem_rejected_requests_total Requests refused by access control or limits.")
        lines.append("# TYPE tandem_rejected_requests_total counter")
        for (reason, value) in state.rejected.sorted(by: { $0.key < $1.key }) {
            lines.append("tandem_rejected_requests_total{\(PrometheusText.labels([("reason", reason)]))} \(value)")
        }
        lines.append("# HELP tandem_inflight_streams Streamed responses in progress.")
        lines.append("# TYPE tandem_inflight_streams gauge")
        lines.append("tandem_inflight_streams \(state.inFlightStreams)")
        lines.append("# HELP tandem_heartbeats_total Heartbeats written to idle streams.")
        lines.append("# TYPE tandem_heartbeats_total counter")
        lines.append("tandem_heartbeats_total \(state.heartbeats)")
        lines.append("# HELP tandem_client_disconnects_total Streams whose client went away (upstream cancelled).")
        lines.append("# TYPE tandem_client_disconnects_total counter")
        lines.append("tandem_client_disconnects_total \(state.disconnects)")
        var text = lines.joined(separator: "\n") + "\n"
        for source in self.sources.withLock({ $0 }) {
            let extra = source()
            if !extra.isEmpty { text += extra.hasSuffix("\n") ? extra : extra + "\n" }
        }
        return text
    }

    private static func histograms(
        _ lines: inout [String],
        name: String,
        help: String,
        _ series: [String: PrometheusHistogram]
    ) {
        lines.append("# HELP \(name) \(help)")
        lines.append("# TYPE \(name) histogram")
        for (route, histogram) in series.sorted(by: { $0.key < $1.key }) {
            lines += histogram.lines(name: name, labels: PrometheusText.labels([("route", route)]))
        }
    }
}
