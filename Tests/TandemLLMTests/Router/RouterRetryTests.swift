import TandemCore
import Testing

@testable import TandemLLM

@Suite("Router: retries, fallbacks, the deadline, cooldowns and cost (scripted providers)")
struct RouterRetryTests {
    typealias H = RouterHarness

    @Test("a 500 is retried on the same deployment; the answer carries the deployment and its cost")
    func retryThenSuccess() async throws {
        let a = ScriptedProvider("a", [.fail(H.serverError()), .answer("hello")])
        let metrics = RecordingMetrics()
        let router = try H.router([H.model("chat", ["a"])], [a], metrics: metrics)
        let response = try await router.chat(H.request("chat"), options: H.options)
        #expect(a.calls == 2)
        #expect(response.message.text == "hello")
        #expect(response.provider == "a")
        // gpt-4o-mini: $0.15 in, $0.60 out per million; the script used a million of each.
        #expect(response.cost == Cost(input: 0.15, output: 0.6))
        #expect(metrics.value("llm_router_attempts", [("deployment", "a"), ("outcome", "server_error")]) == 1)
        #expect(metrics.value("llm_router_attempts", [("deployment", "a"), ("outcome", "success")]) == 1)
        #expect(metrics.value("llm_router_retries", [("deployment", "a")]) == 1)
    }

    @Test("a request error (400) is final: one attempt, no retry, no fallback")
    func requestErrorIsFinal() async throws {
        let a = ScriptedProvider("a", [.fail(LLMError(.invalidRequest, "bad", status: 400))])
        let b = ScriptedProvider("b", [.answer("never")])
        let router = try H.router([H.model("chat", ["a"], fallbacks: ["backup"]), H.model("backup", ["b"])], [a, b])
        let error = try await #require(throws: LLMError.self) { try await router.chat(H.request("chat"), options: H.options) }
        #expect(error.code == .invalidRequest)
        #expect(a.calls == 1 && b.calls == 0)
    }

    @Test("after maxAttempts retryable failures the fallbacks are tried in order")
    func fallbackChain() async throws {
        let a = ScriptedProvider("a", Array(repeating: .fail(LLMError(.overloaded, "busy", status: 529)), count: 3))
        let b = ScriptedProvider("b", [.fail(LLMError(.authentication, "key", status: 401))])
        let c = ScriptedProvider("c", [.answer("from c")])
        let metrics = RecordingMetrics()
        let router = try H.router(
            [H.model("chat", ["a"], fallbacks: ["second", "third"]), H.model("second", ["b"]), H.model("third", ["c"])],
            [a, b, c],
            metrics: metrics
        )
        let response = try await router.chat(H.request("chat"), options: H.options)
        #expect(response.message.text == "from c" && response.provider == "c")
        #expect(a.calls == 3 && b.calls == 1 && c.calls == 1)
        #expect(metrics.value("llm_router_fallbacks", [("model", "chat"), ("kind", "chain")]) == 1)
        #expect(metrics.value("llm_router_fallbacks", [("model", "second"), ("kind", "chain")]) == 1)
        #expect(metrics.value("llm_router_retries", [("deployment", "a")]) == 2)
    }

    @Test("when every model fails, the caller gets the last error")
    func everythingFails() async throws {
        let a = ScriptedProvider("a", [.fail(H.serverError())])
        let b = ScriptedProvider("b", [.fail(LLMError(.serverError, "down", status: 503))])
        let router = try H.router(
            [H.model("chat", ["a"], fallbacks: ["backup"]), H.model("backup", ["b"])],
            [a, b],
            retry: RetryConfiguration(maxAttempts: 1, minimumAttemptMilliseconds: 10)
        )
        let error = try await #require(throws: LLMError.self) { try await router.chat(H.request("chat"), options: H.options) }
        #expect(error.status == 503 && error.provider == "b")
        #expect(a.calls == 1 && b.calls == 1)
    }

    @Test("a context-window refusal goes to the context-window fallbacks, not the ordinary chain")
    func contextWindowFallback() async throws {
        let a = ScriptedProvider("a", [.fail(LLMError(.contextWindowExceeded, "too long", status: 400))])
        let backup = ScriptedProvider("backup", [.answer("wrong")])
        let big = ScriptedProvider("big", [.answer("fits")])
        let metrics = RecordingMetrics()
        let router = try H.router(
            [
                H.model("chat", ["a"], fallbacks: ["backup-model"], contextWindowFallbacks: ["big-model"]),
                H.model("backup-model", ["backup"]), H.model("big-model", ["big"]),
            ],
            [a, backup, big],
            metrics: metrics
        )
        let response = try await router.chat(H.request("chat"), options: H.options)
        #expect(response.message.text == "fits")
        #expect(a.calls == 1 && backup.calls == 0 && big.calls == 1)
        #expect(metrics.value("llm_router_fallbacks", [("model", "chat"), ("kind", "context_window")]) == 1)
    }

    @Test("a content-policy refusal goes to the content-policy fallbacks")
    func contentPolicyFallback() async throws {
        let a = ScriptedProvider("a", [.fail(LLMError(.contentPolicy, "refused", status: 400))])
        let other = ScriptedProvider("other", [.answer("answered")])
        let router = try H.router(
            [H.model("chat", ["a"], contentPolicyFallbacks: ["lenient"]), H.model("lenient", ["other"])],
            [a, other]
        )
        let response = try await router.chat(H.request("chat"), options: H.options)
        #expect(response.provider == "other" && a.calls == 1 && other.calls == 1)
    }

    @Test("without context-window fallbacks the refusal is final (the ordinary chain is not tried)")
    func contextWindowWithoutFallback() async throws {
        let a = ScriptedProvider("a", [.fail(LLMError(.contextWindowExceeded, "too long", status: 400))])
        let b = ScriptedProvider("b", [.answer("never")])
        let router = try H.router([H.model("chat", ["a"], fallbacks: ["backup"]), H.model("backup", ["b"])], [a, b])
        let error = try await #require(throws: LLMError.self) { try await router.chat(H.request("chat"), options: H.options) }
        #expect(error.code == .contextWindowExceeded && a.calls == 1 && b.calls == 0)
    }

    @Test("a failed deployment is not retried while another of the model has not been tried")
    func retryOnAnotherDeployment() async throws {
        let a = ScriptedProvider("a", [.fail(H.serverError())])
        let b = ScriptedProvider("b", [.answer("from b")])
        // Weights make `a` the first pick for this seed; the retry must go to `b`, not back to `a`.
        let router = try H.router([H.model("chat", ["a", "b"], weights: [1000, 1])], [a, b])
        let response = try await router.chat(H.request("chat"), options: H.options)
        #expect(response.provider == "b" && a.calls == 1 && b.calls == 1)
    }

    @Test("Retry-After is waited for before the retry")
    func honoursRetryAfter() async throws {
        let a = ScriptedProvider("a", [
            .fail(LLMError(.rateLimited, "slow", status: 429, retryAfter: .milliseconds(300))), .answer("ok"),
        ])
        let router = try H.router([H.model("chat", ["a"])], [a])
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await router.chat(H.request("chat"), options: H.options)
        #expect(start.duration(to: clock.now) >= .milliseconds(300))
        #expect(a.calls == 2)
    }

    @Test("a Retry-After that cannot finish by the deadline is not waited for: deadline_exceeded after one attempt")
    func retryAfterPastDeadline() async throws {
        let a = ScriptedProvider("a", [
            .fail(LLMError(.rateLimited, "slow", status: 429, retryAfter: .seconds(5))), .answer("too late"),
        ])
        let router = try H.router([H.model("chat", ["a"])], [a])
        let error = try await withHangGuard(.seconds(4)) {
            try await #require(throws: LLMError.self) {
                try await router.chat(H.request("chat"), options: CallOptions(deadline: .after(.seconds(2))))
            }
        }
        #expect(error.code == .deadlineExceeded)
        #expect(error.status == 429)
        #expect(a.calls == 1)
    }

    @Test("the deadline bounds a hanging attempt: the upstream call is cancelled and nothing is retried")
    func deadlineBoundsAttempt() async throws {
        let a = ScriptedProvider("a", [.hang, .answer("never")])
        let router = try H.router([H.model("chat", ["a"])], [a])
        let error = try await withHangGuard {
            try await #require(throws: LLMError.self) {
                try await router.chat(H.request("chat"), options: CallOptions(deadline: .after(.milliseconds(300))))
            }
        }
        #expect(error.code == .deadlineExceeded)
        #expect(a.calls == 1 && a.cancellations == 1)
    }

    @Test("no attempt starts when less than the minimum attempt time is left")
    func noAttemptPastDeadline() async throws {
        let a = ScriptedProvider("a", [.answer("never")])
        let router = try H.router([H.model("chat", ["a"])], [a])
        let error = try await #require(throws: LLMError.self) {
            try await router.chat(H.request("chat"), options: CallOptions(deadline: .after(.milliseconds(5))))
        }
        #expect(error.code == .deadlineExceeded && a.calls == 0)
    }

    @Test("the caller's cancellation cancels the upstream call and stops retries")
    func cancellation() async throws {
        let a = ScriptedProvider("a", [.hang, .answer("never")])
        let router = try H.router([H.model("chat", ["a"])], [a])
        let task = Task { try await router.chat(H.request("chat"), options: H.options) }
        while a.calls == 0 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        let result = await task.result
        let error = try #require(throws: LLMError.self) { try result.get() }
        #expect(error.code == .cancelled)
        #expect(a.calls == 1 && a.cancellations == 1)
    }

    @Test("N failures open the breaker: the next request makes no attempt there and fails over at once")
    func breakerOpensAfterFailures() async throws {
        let a = ScriptedProvider("a", [.fail(H.serverError()), .fail(H.serverError()), .answer("cooling")])
        let b = ScriptedProvider("b", [.answer("first"), .answer("second")])
        let metrics = RecordingMetrics()
        let router = try H.router(
            [H.model("chat", ["a"], fallbacks: ["backup"]), H.model("backup", ["b"])],
            [a, b],
            retry: RetryConfiguration(maxAttempts: 2, baseDelayMilliseconds: 1, maxDelayMilliseconds: 2),
            cooldown: CooldownConfiguration(failureThreshold: 2, baseMilliseconds: 60_000),
            metrics: metrics
        )
        #expect(try await router.chat(H.request("chat"), options: H.options).message.text == "first")
        #expect(a.calls == 2)
        guard case .open = router.breakerState(of: "a") else {
            Issue.record("breaker of a is \(router.breakerState(of: "a"))")
            return
        }
        #expect(try await router.chat(H.request("chat"), options: H.options).message.text == "second")
        #expect(a.calls == 2 && b.calls == 2)
        #expect(metrics.value("llm_router_breaker_opened", [("deployment", "a")]) == 1)
        #expect(metrics.value("llm_router_breaker_open", [("deployment", "a")]) == 1)
    }

    @Test("with every deployment cooling and no fallback, the caller gets unavailable with the time left")
    func allCooling() async throws {
        let a = ScriptedProvider("a", [.fail(LLMError(.rateLimited, "slow", status: 429, retryAfter: .seconds(30)))])
        let router = try H.router(
            [H.model("chat", ["a"])],
            [a],
            retry: RetryConfiguration(maxAttempts: 1, minimumAttemptMilliseconds: 10)
        )
        _ = try? await router.chat(H.request("chat"), options: H.options)
        let error = try await #require(throws: LLMError.self) { try await router.chat(H.request("chat"), options: H.options) }
        #expect(error.code == .unavailable)
        #expect(try #require(error.retryAfter) > .seconds(25))
        #expect(a.calls == 1)
    }

    @Test("a 429 cools its deployment at once: the retry and later requests go to the other deployment")
    func rateLimitCoolsDown() async throws {
        let a = ScriptedProvider("a", [.fail(LLMError(.rateLimited, "slow", status: 429, retryAfter: .seconds(30)))])
        let b = ScriptedProvider("b", [.answer("1"), .answer("2"), .answer("3")])
        let router = try H.router([H.model("chat", ["a", "b"], weights: [1000, 1])], [a, b])
        for _ in 0..<3 { #expect(try await router.chat(H.request("chat"), options: H.options).provider == "b") }
        #expect(a.calls == 1 && b.calls == 3)
    }

    @Test("after the cooldown one probe goes through; its success closes the breaker")
    func probeCloses() async throws {
        let a = ScriptedProvider("a", [.fail(H.serverError()), .answer("probe"), .answer("closed")])
        let metrics = RecordingMetrics()
        let router = try H.router(
            [H.model("chat", ["a"])],
            [a],
            retry: RetryConfiguration(maxAttempts: 1, minimumAttemptMilliseconds: 10),
            cooldown: CooldownConfiguration(failureThreshold: 1, baseMilliseconds: 100, maxMilliseconds: 1000),
            metrics: metrics
        )
        _ = try? await router.chat(H.request("chat"), options: H.options)
        try await Task.sleep(for: .milliseconds(150))
        #expect(try await router.chat(H.request("chat"), options: H.options).message.text == "probe")
        #expect(router.breakerState(of: "a") == .closed(failures: 0))
        #expect(metrics.value("llm_router_breaker_open", [("deployment", "a")]) == 0)
        #expect(try await router.chat(H.request("chat"), options: H.options).message.text == "closed")
    }

    @Test("embeddings route like chat: retry, then provider and cost on the response")
    func embeddings() async throws {
        let a = ScriptedProvider("a", [.fail(LLMError(.connection, "reset")), .answer("", usage: Usage(inputTokens: 2_000_000))])
        let router = try H.router([H.model("embed", ["a"], upstream: "text-embedding-3-small")], [a])
        let response = try await router.embed(EmbeddingRequest(model: "embed", inputs: ["x", "y"]), options: H.options)
        #expect(response.embeddings.count == 2 && response.provider == "a")
        #expect(response.cost == Cost(input: 0.04))
        #expect(a.calls == 2)
    }

    @Test("an unknown model fails at once with not_found")
    func unknownModel() async throws {
        let router = try H.router([], [])
        let error = try await #require(throws: LLMError.self) { try await router.chat(H.request("mystery"), options: H.options) }
        #expect(error.code == .notFound)
    }
}
