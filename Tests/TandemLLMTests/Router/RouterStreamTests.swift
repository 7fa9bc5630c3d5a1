import Synchronization
import TandemCore
import Testing

@testable import TandemLLM

@Suite("Router streams: failover before the first token, a terminal error after it (scripted providers)")
struct RouterStreamTests {
    typealias H = RouterHarness

    @Test("a stream that fails before content fails over; the caller sees only the second stream's events")
    func preCommitFailover() async throws {
        let a = ScriptedProvider("a", [.eventsThenFail([.messageStart(id: "r-a", model: "m")], H.serverError())])
        let b = ScriptedProvider("b", [.answer("hello there", usage: Usage(inputTokens: 10, outputTokens: 2))])
        let router = try H.router([H.model("chat", ["a"], fallbacks: ["backup"]), H.model("backup", ["b"])], [a, b],
            retry: RetryConfiguration(maxAttempts: 1, minimumAttemptMilliseconds: 10))
        let reports = ReportBox()
        let stream = try await router.stream(H.request("chat"), options: H.options, session: nil) { reports.add($0) }
        let (events, thrown) = await H.drain(stream)
        #expect(thrown == nil)
        #expect(
            events == [
                .messageStart(id: "r-b", model: "gpt-4o-mini"), .textDelta("hello"), .textDelta("there"), .finish(.stop),
                .usage(Usage(inputTokens: 10, outputTokens: 2)),
            ]
        )
        #expect(a.calls == 1 && b.calls == 1)
        let report = try #require(reports.values.first)
        #expect(report.provider == "b" && report.attempts == 2 && report.usage.outputTokens == 2)
        #expect(report.cost == PriceTable.default.cost(of: Usage(inputTokens: 10, outputTokens: 2), model: "gpt-4o-mini"))
    }

    @Test("a stream that fails after content is not retried: the caller gets the content and a terminal error")
    func postCommitError() async throws {
        let a = ScriptedProvider("a", [
            .eventsThenFail([.messageStart(id: "r", model: "m"), .textDelta("Hel")], LLMError(.connection, "reset")),
            .answer("never"),
        ])
        let b = ScriptedProvider("b", [.answer("never")])
        let metrics = RecordingMetrics()
        let router = try H.router(
            [H.model("chat", ["a"], fallbacks: ["backup"]), H.model("backup", ["b"])],
            [a, b],
            metrics: metrics
        )
        let reports = ReportBox()
        let stream = try await router.stream(H.request("chat"), options: H.options, session: nil) { reports.add($0) }
        let (events, thrown) = await H.drain(stream)
        #expect(thrown == nil)
        #expect(events.count == 3)
        #expect(Array(events.prefix(2)) == [.messageStart(id: "r", model: "m"), .textDelta("Hel")])
        guard case .error(let error) = events.last else {
            Issue.record("no terminal error: \(events)")
            return
        }
        #expect(error.code == .connection && error.provider == "a")
        #expect(a.calls == 1 && b.calls == 0)
        #expect(reports.values.first?.error?.code == .connection)
        #expect(metrics.value("llm_router_stream_errors_after_commit", [("deployment", "a")]) == 1)
    }

    @Test("an upstream that stops after content without finishing ends with a terminal error, not silently")
    func truncated() async throws {
        let a = ScriptedProvider("a", [.events([.messageStart(id: "r", model: "m"), .textDelta("Hel")])])
        let router = try H.router([H.model("chat", ["a"])], [a])
        let (events, thrown) = await H.drain(try await router.stream(H.request("chat"), options: H.options))
        #expect(thrown == nil)
        #expect(events.count == 3)
        guard case .error(let error) = events.last else {
            Issue.record("no terminal error: \(events)")
            return
        }
        #expect(error.code == .connection)
        #expect(a.calls == 1)
    }

    @Test("when every attempt fails before content, iterating throws the last error and yields nothing")
    func allFailBeforeContent() async throws {
        let a = ScriptedProvider("a", Array(repeating: .fail(LLMError(.overloaded, "busy", status: 529)), count: 3))
        let router = try H.router([H.model("chat", ["a"])], [a])
        let (events, thrown) = await H.drain(try await router.stream(H.request("chat"), options: H.options))
        #expect(events.isEmpty)
        #expect(thrown?.status == 529)
        #expect(a.calls == 3)
    }

    @Test("no first token within the first-token timeout: the attempt is cancelled and the stream fails over")
    func firstTokenTimeout() async throws {
        let a = ScriptedProvider("a", [.hang])
        let b = ScriptedProvider("b", [.answer("fine")])
        let router = try H.router([H.model("chat", ["a"], fallbacks: ["backup"]), H.model("backup", ["b"])], [a, b],
            retry: RetryConfiguration(maxAttempts: 1, minimumAttemptMilliseconds: 10))
        var settings = H.options
        settings.firstTokenTimeout = .milliseconds(100)
        let options = settings
        let (events, thrown) = try await withHangGuard { await H.drain(try await router.stream(H.request("chat"), options: options)) }
        #expect(thrown == nil)
        #expect(events.contains(.textDelta("fine")))
        #expect(a.calls == 1 && b.calls == 1)
        // The upstream stream's producer sees the cancellation asynchronously.
        try await withHangGuard { while a.cancellations == 0 { try await Task.sleep(for: .milliseconds(5)) } }
        #expect(a.cancellations == 1)
    }

    @Test("no chunk within the idle timeout after content: a terminal timeout error, no retry")
    func idleTimeout() async throws {
        let stalling = StallingProvider(name: "s", events: [.messageStart(id: "r", model: "m"), .textDelta("partial")])
        let router = try Router(
            configuration: RouterConfiguration(models: [H.model("chat", ["s"])], retry: H.fastRetry),
            environment: [:],
            factory: FixedFactory(provider: stalling),
            metricsFactory: RecordingMetrics()
        )
        var settings = H.options
        settings.idleTimeout = .milliseconds(100)
        let options = settings
        let (events, thrown) = try await withHangGuard { await H.drain(try await router.stream(H.request("chat"), options: options)) }
        #expect(thrown == nil)
        #expect(Array(events.prefix(2)) == [.messageStart(id: "r", model: "m"), .textDelta("partial")])
        guard case .error(let error) = events.last, events.count == 3 else {
            Issue.record("expected a terminal error: \(events)")
            return
        }
        #expect(error.code == .timeout)
        #expect(stalling.calls == 1)
        try await withHangGuard { while stalling.cancellations == 0 { try await Task.sleep(for: .milliseconds(5)) } }
        #expect(stalling.cancellations == 1)
    }

    @Test("the caller stopping early cancels the upstream stream")
    func callerStops() async throws {
        let stalling = StallingProvider(name: "s", events: [.textDelta("one")])
        let router = try Router(
            configuration: RouterConfiguration(models: [H.model("chat", ["s"])], retry: H.fastRetry),
            environment: [:],
            factory: FixedFactory(provider: stalling),
            metricsFactory: RecordingMetrics()
        )
        try await withHangGuard {
            for try await event in try await router.stream(H.request("chat"), options: H.options) {
                #expect(event == .textDelta("one"))
                break
            }
            while stalling.cancellations == 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(stalling.calls == 1 && stalling.cancellations == 1)
    }
}

/// Collects route reports from `onComplete`.
final class ReportBox: Sendable {
    private let reports = Mutex<[RouteReport]>([])
    func add(_ report: RouteReport) { self.reports.withLock { $0.append(report) } }
    var values: [RouteReport] { self.reports.withLock { $0 } }
}

/// Streams its events, then hangs until cancelled (counting the cancellation).
final class StallingProvider: ChatProvider {
    let name: String
    let events: [ChatStreamEvent]
    private let counts = Mutex<(calls: Int, cancelled: Int)>((0, 0))

    init(name: String, events: [ChatStreamEvent]) {
        self.name = name
        self.events = events
    }

    var calls: Int { self.counts.withLock { $0.calls } }
    var cancellations: Int { self.counts.withLock { $0.cancelled } }

    func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        throw LLMError(.unsupported, "stream only")
    }

    func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        self.counts.withLock { $0.calls += 1 }
        let events = self.events
        return ChatStream { continuation in
            for event in events { continuation.yield(event) }
            do {
                while true { try await Task.sleep(for: .seconds(3600)) }
            } catch {
                self.counts.withLock { $0.cancelled += 1 }
                throw error
            }
        }
    }
}

/// Hands every deployment the same provider.
struct FixedFactory: ProviderFactory {
    let provider: any ChatProvider

    func chatProvider(for deployment: Deployment) throws(LLMError) -> any ChatProvider { self.provider }

    func embeddingProvider(for deployment: Deployment) throws(LLMError) -> any EmbeddingProvider {
        throw LLMError(.unsupported, "chat only")
    }
}
