import Testing

@testable import TandemLLM

@Suite("Retry policy: which errors retry, full-jitter backoff, Retry-After, the deadline")
struct RetryPolicyTests {
    let policy = RetryPolicy(
        maxAttempts: 4,
        baseDelay: .milliseconds(100),
        maxDelay: .milliseconds(350),
        maxRetryAfter: .seconds(10),
        minimumAttemptTime: .milliseconds(50)
    )

    @Test(
        "408, 409, 429, 5xx, 529 and connection errors retry; request, auth, context and policy errors do not",
        arguments: [
            (LLMError(.timeout, "t", status: 408), true),
            (LLMError(.conflict, "c", status: 409), true),
            (LLMError(.rateLimited, "r", status: 429), true),
            (LLMError(.serverError, "s", status: 500), true),
            (LLMError(.serverError, "s", status: 503), true),
            (LLMError(.overloaded, "o", status: 529), true),
            (LLMError(.connection, "reset"), true),
            (LLMError(.invalidRequest, "bad", status: 400), false),
            (LLMError(.authentication, "key", status: 401), false),
            (LLMError(.contextWindowExceeded, "long", status: 400), false),
            (LLMError(.contentPolicy, "no", status: 400), false),
            (LLMError(.deadlineExceeded, "late"), false),
            (LLMError(.cancelled, "gone"), false),
        ]
    )
    func retryable(error: LLMError, retries: Bool) {
        let decision = self.policy.decide(after: error, attempts: 1, remaining: .seconds(60), random: 0.5)
        #expect((decision != .giveUp) == retries)
    }

    @Test("the backoff cap doubles per retry up to maxDelay, and the wait is a uniform draw below it")
    func fullJitter() {
        #expect(self.policy.backoffCap(retry: 1) == .milliseconds(100))
        #expect(self.policy.backoffCap(retry: 2) == .milliseconds(200))
        #expect(self.policy.backoffCap(retry: 3) == .milliseconds(350))
        #expect(self.policy.backoffCap(retry: 80) == .milliseconds(350))
        let error = LLMError(.serverError, "s", status: 500)
        #expect(self.policy.decide(after: error, attempts: 2, remaining: .seconds(60), random: 0) == .retry(after: .zero))
        #expect(
            self.policy.decide(after: error, attempts: 2, remaining: .seconds(60), random: 0.25)
                == .retry(after: .milliseconds(50))
        )
        #expect(
            self.policy.decide(after: error, attempts: 3, remaining: .seconds(60), random: 0.5)
                == .retry(after: .milliseconds(175))
        )
    }

    @Test("Retry-After is honoured exactly, whatever the jitter draw; one longer than maxRetryAfter is not waited for")
    func retryAfter() {
        var error = LLMError(.rateLimited, "r", status: 429, retryAfter: .milliseconds(1500))
        for random in [0.0, 0.5, 0.99] {
            #expect(
                self.policy.decide(after: error, attempts: 1, remaining: .seconds(60), random: random)
                    == .retry(after: .milliseconds(1500))
            )
        }
        error.retryAfter = .seconds(11)
        #expect(self.policy.decide(after: error, attempts: 1, remaining: .seconds(60), random: 0.5) == .giveUp)
    }

    @Test("attempts are capped at maxAttempts")
    func attemptsCap() {
        let error = LLMError(.serverError, "s", status: 500)
        #expect(self.policy.decide(after: error, attempts: 3, remaining: .seconds(60), random: 0.5) != .giveUp)
        #expect(self.policy.decide(after: error, attempts: 4, remaining: .seconds(60), random: 0.5) == .giveUp)
    }

    @Test("no wait starts that leaves less than the minimum attempt time before the deadline")
    func deadline() {
        let error = LLMError(.rateLimited, "r", status: 429, retryAfter: .milliseconds(500))
        #expect(self.policy.decide(after: error, attempts: 1, remaining: .milliseconds(549), random: 0) == .deadline)
        #expect(
            self.policy.decide(after: error, attempts: 1, remaining: .milliseconds(550), random: 0)
                == .retry(after: .milliseconds(500))
        )
    }
}
