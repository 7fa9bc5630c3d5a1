import Foundation
import TandemCore
import Testing

@testable import TandemLLM

/// Each router rule over real HTTP: the fault server scripts the upstream, the assertions count the requests it got
/// and check what the caller received. The providers are the real ones: ``DefaultProviderFactory`` builds an
/// ``OpenAIProvider`` for each `openai` deployment at the fault server's base URL.
@Suite("Router against the fault server (HTTP/1.1 on loopback) through the OpenAI provider")
struct RouterFaultServerTests {

    static func router(
        _ servers: [(name: String, server: FaultServer)],
        retry: RetryConfiguration = RouterHarness.fastRetry,
        cooldown: CooldownConfiguration = CooldownConfiguration(failureThreshold: 5, baseMilliseconds: 60_000)
    ) throws -> Router {
        // The first server is the model `chat`; each further one is the next fallback model.
        let models = servers.enumerated().map { index, entry in
            ModelConfiguration(
                name: index == 0 ? "chat" : "fallback-\(index)",
                deployments: [
                    DeploymentConfiguration(
                        name: entry.name,
                        provider: "openai",
                        model: "gpt-4o-mini",
                        baseURL: entry.server.baseURL
                    )
                ],
                fallbacks: index == 0 ? (1..<servers.count).map { "fallback-\($0)" } : []
            )
        }
        return try Router(
            configuration: RouterConfiguration(models: models, retry: retry, cooldown: cooldown),
            environment: ["OPENAI_API_KEY": "sk-fault-test"],
            factory: DefaultProviderFactory(environment: ["OPENAI_API_KEY": "sk-fault-test"]),
            metricsFactory: RecordingMetrics(),
            randomSeed: 3
        )
    }

    static let request = ChatRequest(model: "chat", messages: [.user("Say hello")])

    static func options(
        deadline: Duration = .seconds(60),
        firstToken: Duration = .seconds(60),
        idle: Duration = .seconds(60),
        total: Duration = .seconds(60)
    ) -> CallOptions {
        CallOptions(
            deadline: .after(deadline),
            firstTokenTimeout: firstToken,
            idleTimeout: idle,
            totalTimeout: total
        )
    }

    /// Runs `body` against a server with `script`, shutting it down afterwards.
    static func with<T: Sendable>(
        _ script: [FaultServer.Fault],
        _ body: @escaping @Sendable (FaultServer) async throws -> T
    ) async throws -> T {
        let server = try await FaultServer.start(script)
        do {
            let value = try await withHangGuard { try await body(server) }
            await server.shutdown()
            return value
        } catch {
            await server.shutdown()
            throw error
        }
    }

    @Test("429 with Retry-After (seconds): the retry waits that long, then succeeds (2 requests)")
    func rateLimitedRetryAfterSeconds() async throws {
        try await Self.with([.rateLimited(retryAfter: "1"), .succeed(text: "hello")]) { server in
            let router = try Self.router([("a", server)])
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await router.chat(Self.request, options: Self.options())
            #expect(start.duration(to: clock.now) >= .seconds(1))
            #expect(response.message.text == "hello" && response.provider == "a")
            #expect(server.requestCount == 2)
        }
    }

    @Test("429 with Retry-After as an HTTP-date: the retry waits until that instant, then succeeds (2 requests)")
    func rateLimitedRetryAfterDate() async throws {
        // A whole second at least 2 s away, so the wait is between 2 and 3 s whatever the sub-second part of now.
        let target = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 2).rounded(.up))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let httpDate = formatter.string(from: target)
        try await Self.with([.rateLimited(retryAfter: httpDate), .succeed(text: "hello")]) { server in
            let router = try Self.router([("a", server)])
            let response = try await router.chat(Self.request, options: Self.options())
            // The retry left no earlier than the date the server named.
            #expect(Date() >= target)
            #expect(response.message.text == "hello")
            #expect(server.requestCount == 2)
        }
    }

    @Test("429 with a Retry-After date in the past: retried at once (2 requests, not a day later)")
    func rateLimitedRetryAfterPastDate() async throws {
        try await Self.with([.rateLimited(retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"), .succeed(text: "hello")]) {
            server in
            let clock = ContinuousClock()
            let start = clock.now
            _ = try await Self.router([("a", server)]).chat(Self.request, options: Self.options())
            #expect(start.duration(to: clock.now) < .seconds(3))
            #expect(server.requestCount == 2)
        }
    }

    @Test("429 with retry-after-ms: the retry waits that long, then succeeds (2 requests)")
    func rateLimitedRetryAfterMilliseconds() async throws {
        try await Self.with([.rateLimited(retryAfterMilliseconds: 250), .succeed(text: "hello")]) { server in
            let router = try Self.router([("a", server)])
            let clock = ContinuousClock()
            let start = clock.now
            _ = try await router.chat(Self.request, options: Self.options())
            #expect(start.duration(to: clock.now) >= .milliseconds(250))
            #expect(server.requestCount == 2)
        }
    }

    @Test("500, 500, then success: three requests, the caller gets the answer with its cost")
    func serverErrorsThenSuccess() async throws {
        try await Self.with([.status(500), .status(500), .succeed(text: "third time")]) { server in
            let response = try await Self.router([("a", server)]).chat(Self.request, options: Self.options())
            #expect(response.message.text == "third time")
            // The server reports 1000 prompt and 500 completion tokens: gpt-4o-mini at $0.15 / $0.60 per million.
            #expect(response.usage == Usage(inputTokens: 1000, outputTokens: 500))
            let cost = try #require(response.cost)
            #expect(abs(cost.total - (1000 * 0.15 + 500 * 0.6) / 1e6) < 1e-12)
            #expect(server.requestCount == 3)
        }
    }

    @Test("529 on every attempt: exactly maxAttempts (3) requests, then the caller gets the 529")
    func overloadedExhaustsAttempts() async throws {
        try await Self.with([.status(529, type: "overloaded_error"), .status(529), .status(529)]) { server in
            let error = try await #require(throws: LLMError.self) {
                try await Self.router([("a", server)]).chat(Self.request, options: Self.options())
            }
            #expect(error.status == 529 && error.code == .overloaded)
            #expect(server.requestCount == 3)
        }
    }

    @Test("400 is final: one request")
    func badRequestIsFinal() async throws {
        try await Self.with([.status(400, type: "invalid_request_error"), .succeed(text: "never")]) { server in
            let error = try await #require(throws: LLMError.self) {
                try await Self.router([("a", server)]).chat(Self.request, options: Self.options())
            }
            #expect(error.status == 400)
            #expect(server.requestCount == 1)
        }
    }

    @Test("a reset connection is retried: two requests, the second answers")
    func connectionReset() async throws {
        try await Self.with([.reset, .succeed(text: "after reset")]) { server in
            let response = try await Self.router([("a", server)]).chat(Self.request, options: Self.options())
            #expect(response.message.text == "after reset")
            #expect(server.requestCount == 2)
        }
    }

    @Test("a stall before the first byte hits the total timeout; the connection is closed and the retry answers")
    func stallBeforeFirstByte() async throws {
        try await Self.with([.stall, .succeed(text: "after stall")]) { server in
            let response = try await Self.router([("a", server)])
                .chat(Self.request, options: Self.options(total: .milliseconds(300)))
            #expect(response.message.text == "after stall")
            #expect(server.requestCount == 2)
            while server.closedWhileStalled == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(server.closedWhileStalled == 1)
        }
    }

    @Test("a Retry-After past the deadline is not waited for: one request, deadline_exceeded carrying the 429")
    func retryAfterPastDeadline() async throws {
        try await Self.with([.rateLimited(retryAfter: "5"), .succeed(text: "too late")]) { server in
            let error = try await #require(throws: LLMError.self) {
                try await Self.router([("a", server)]).chat(Self.request, options: Self.options(deadline: .seconds(2)))
            }
            #expect(error.code == .deadlineExceeded && error.status == 429)
            #expect(server.requestCount == 1)
        }
    }

    @Test("the caller's cancellation closes the upstream connection; no retry")
    func cancellationReachesUpstream() async throws {
        try await Self.with([.stall, .succeed(text: "never")]) { server in
            let router = try Self.router([("a", server)])
            let task = Task { try await router.chat(Self.request, options: Self.options()) }
            while server.requestCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            task.cancel()
            let error = try await #require(throws: LLMError.self) { try await task.value }
            #expect(error.code == .cancelled)
            while server.closedWhileStalled == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(server.requestCount == 1)
        }
    }

    @Test("fallback over HTTP: 503 three times on the first model, then the fallback server answers")
    func fallbackAcrossServers() async throws {
        let first = try await FaultServer.start([.status(503), .status(503), .status(503)])
        let second = try await FaultServer.start([.succeed(text: "from the fallback")])
        defer { Task { await first.shutdown(); await second.shutdown() } }
        let response = try await withHangGuard {
            try await Self.router([("a", first), ("b", second)]).chat(Self.request, options: Self.options())
        }
        #expect(response.message.text == "from the fallback" && response.provider == "b")
        #expect(first.requestCount == 3 && second.requestCount == 1)
    }

    @Test("cooldown over HTTP: after N failures the next request sends nothing to the failing server")
    func breakerStopsTraffic() async throws {
        let first = try await FaultServer.start([.status(500), .status(500)])
        let second = try await FaultServer.start([.succeed(text: "one"), .succeed(text: "two")])
        defer { Task { await first.shutdown(); await second.shutdown() } }
        let router = try Self.router(
            [("a", first), ("b", second)],
            retry: RetryConfiguration(maxAttempts: 2, baseDelayMilliseconds: 1, maxDelayMilliseconds: 2),
            cooldown: CooldownConfiguration(failureThreshold: 2, baseMilliseconds: 60_000)
        )
        let answers = try await withHangGuard {
            [
                try await router.chat(Self.request, options: Self.options()).message.text,
                try await router.chat(Self.request, options: Self.options()).message.text,
            ]
        }
        #expect(answers == ["one", "two"])
        #expect(first.requestCount == 2 && second.requestCount == 2)
    }

    @Test("the key comes from the deployment's environment variable and reaches the upstream as a bearer token")
    func keyFromEnvironment() async throws {
        try await Self.with([.succeed(text: "hi")]) { server in
            _ = try await Self.router([("a", server)]).chat(Self.request, options: Self.options())
            let authorization = server.requests.first?.headers.first { $0.0.lowercased() == "authorization" }?.1
            #expect(authorization == "Bearer sk-fault-test")
            #expect(server.requests.first?.model == "gpt-4o-mini")
        }
    }

    // MARK: Streams

    @Test("a 500 before the stream starts fails over: two requests, the caller sees one clean stream")
    func streamErrorBeforeStart() async throws {
        try await Self.with([.status(500), .succeed(text: "hello streaming world")]) { server in
            let stream = try await Self.router([("a", server)]).stream(Self.request, options: Self.options())
            let (events, thrown) = await RouterHarness.drain(stream)
            #expect(thrown == nil)
            var accumulator = ChatResponseAccumulator()
            for event in events { accumulator.add(event) }
            #expect(accumulator.response.message.text == "hello streaming world")
            #expect(events.filter { if case .messageStart = $0 { true } else { false } }.count == 1)
            #expect(server.requestCount == 2)
        }
    }

    @Test("a stall before the first token hits the first-token timeout and fails over: two requests")
    func streamStallBeforeFirstToken() async throws {
        try await Self.with([.stall, .succeed(text: "late but fine")]) { server in
            let stream = try await Self.router([("a", server)])
                .stream(Self.request, options: Self.options(firstToken: .milliseconds(300)))
            let (events, thrown) = await RouterHarness.drain(stream)
            #expect(thrown == nil)
            #expect(try await ChatStream(events: events).collect().message.text == "late but fine")
            #expect(server.requestCount == 2)
        }
    }

    @Test("a stream cut after 2 chunks: the caller gets both chunks and a terminal error; no retry (1 request)")
    func streamCutMidway() async throws {
        try await Self.with([.cutAfter(chunks: 2, text: "one two three four"), .succeed(text: "never")]) { server in
            let stream = try await Self.router([("a", server)]).stream(Self.request, options: Self.options())
            let (events, thrown) = await RouterHarness.drain(stream)
            #expect(thrown == nil)
            let texts = events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } }
            #expect(texts.joined() == "one two")
            guard case .error(let error) = events.last else {
                Issue.record("no terminal error after the cut: \(events)")
                return
            }
            #expect(error.code == .connection || error.code == .badResponse)
            #expect(server.requestCount == 1)
        }
    }

    @Test("a stream that stalls after 2 chunks hits the idle timeout: a terminal timeout error, 1 request")
    func streamStallsMidway() async throws {
        try await Self.with([.stallAfter(chunks: 2, text: "one two three"), .succeed(text: "never")]) { server in
            let stream = try await Self.router([("a", server)])
                .stream(Self.request, options: Self.options(idle: .milliseconds(300)))
            let (events, thrown) = await RouterHarness.drain(stream)
            #expect(thrown == nil)
            let texts = events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } }
            #expect(texts.joined() == "one two")
            guard case .error(let error) = events.last else {
                Issue.record("no terminal error after the stall: \(events)")
                return
            }
            #expect(error.code == .timeout)
            #expect(server.requestCount == 1)
            while server.closedWhileStalled == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
    }
}
