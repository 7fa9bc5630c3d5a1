import Testing

@testable import TandemLLM

@Suite("Circuit breaker: failures open it, 429 opens it for Retry-After, one probe after the cooldown")
struct CircuitBreakerTests {
    let policy = CooldownPolicy(failureThreshold: 3, baseCooldown: .seconds(5), maxCooldown: .seconds(12))
    let start = ContinuousClock.now
    let serverError = LLMError(.serverError, "s", status: 500)

    @Test("N consecutive health failures open it for the base cooldown; a success in between resets the count")
    func threshold() {
        var breaker = CircuitBreaker(policy: self.policy)
        let outcome1 = breaker.recordFailure(self.serverError, at: self.start)
        #expect(outcome1 == nil)
        let outcome2 = breaker.recordFailure(self.serverError, at: self.start)
        #expect(outcome2 == nil)
        let outcome3 = breaker.recordSuccess()
        #expect(outcome3 == nil)
        let outcome4 = breaker.recordFailure(self.serverError, at: self.start)
        #expect(outcome4 == nil)
        let outcome5 = breaker.recordFailure(self.serverError, at: self.start)
        #expect(outcome5 == nil)
        let until = self.start.advanced(by: .seconds(5))
        let outcome6 = breaker.recordFailure(self.serverError, at: self.start)
        #expect(outcome6 == .opened(until: until))
        #expect(!breaker.isAvailable(at: self.start.advanced(by: .seconds(4))))
        #expect(breaker.isAvailable(at: until))
    }

    @Test("a 429 opens it at once for the server's Retry-After")
    func rateLimit() {
        var breaker = CircuitBreaker(policy: self.policy)
        let error = LLMError(.rateLimited, "r", status: 429, retryAfter: .seconds(2))
        let outcome7 = breaker.recordFailure(error, at: self.start)
        #expect(outcome7 == .opened(until: self.start.advanced(by: .seconds(2))))
        #expect(breaker.reopensAt == self.start.advanced(by: .seconds(2)))
    }

    @Test("after the cooldown exactly one probe goes through; a failed probe doubles the cooldown up to the max")
    func halfOpen() {
        var breaker = CircuitBreaker(policy: CooldownPolicy(failureThreshold: 1, baseCooldown: .seconds(5), maxCooldown: .seconds(12)))
        _ = breaker.recordFailure(self.serverError, at: self.start)
        let later = self.start.advanced(by: .seconds(5))
        let outcome8 = breaker.acquire(at: self.start.advanced(by: .seconds(1)))
        #expect(!outcome8)
        let outcome9 = breaker.acquire(at: later)
        #expect(outcome9)
        let outcome10 = breaker.acquire(at: later)
        #expect(!outcome10)
        #expect(breaker.state == .halfOpen(trips: 0, probing: true))
        let outcome11 = breaker.recordFailure(self.serverError, at: later)
        #expect(outcome11 == .opened(until: later.advanced(by: .seconds(10))))
        let again = later.advanced(by: .seconds(10))
        let outcome12 = breaker.acquire(at: again)
        #expect(outcome12)
        let outcome13 = breaker.recordFailure(self.serverError, at: again)
        #expect(outcome13 == .opened(until: again.advanced(by: .seconds(12))))
        let last = again.advanced(by: .seconds(12))
        let outcome14 = breaker.acquire(at: last)
        #expect(outcome14)
        let outcome15 = breaker.recordSuccess()
        #expect(outcome15 == .closed)
        #expect(breaker.state == .closed(failures: 0))
    }

    @Test("a probe that ends without a verdict frees the slot for the next request")
    func release() {
        var breaker = CircuitBreaker(policy: CooldownPolicy(failureThreshold: 1, baseCooldown: .seconds(1)))
        _ = breaker.recordFailure(self.serverError, at: self.start)
        let later = self.start.advanced(by: .seconds(1))
        let outcome16 = breaker.acquire(at: later)
        #expect(outcome16)
        breaker.release()
        let outcome17 = breaker.acquire(at: later)
        #expect(outcome17)
    }

    @Test(
        "request errors say nothing about the deployment and are not counted",
        arguments: [LLMError.Code.invalidRequest, .contextWindowExceeded, .contentPolicy, .cancelled, .deadlineExceeded]
    )
    func requestErrors(code: LLMError.Code) {
        var breaker = CircuitBreaker(policy: CooldownPolicy(failureThreshold: 1))
        let outcome18 = breaker.recordFailure(LLMError(code, "x"), at: self.start)
        #expect(outcome18 == nil)
        #expect(breaker.state == .closed(failures: 0))
    }
}
