import Logging
import TandemCore

extension Router {
    /// What an attempt that returned reports besides its value.
    struct AttemptReport: Sendable {
        /// A failure after content (streams): not retried, but counted against the deployment.
        var lateFailure: LLMError?
        /// The latency for least-latency routing (default: the attempt's duration).
        var latency: Duration?
    }

    /// A model's deployments all failed (or nothing could be tried).
    struct GroupFailure: Error {
        var error: LLMError
        /// The deadline, not the error, stopped further attempts.
        var deadline: Bool
    }

    /// Runs `attempt` on deployments of `model` and its fallbacks until one returns, by the rules in ``Router``.
    ///
    /// - Parameters:
    ///   - attempts: Counts upstream attempts (over all models).
    ///   - attempt: One upstream attempt; throws an error for a failure that may be retried or failed over.
    ///   - report: What a returned attempt says about the deployment.
    func route<T: Sendable>(
        model: String,
        session: String?,
        options: CallOptions,
        attempts: inout Int,
        _ attempt: (Deployment, CallOptions) async throws -> T,
        report: (T) -> AttemptReport = { _ in AttemptReport() }
    ) async throws(LLMError) -> (T, Deployment) {
        let primary = try self.registry.resolve(model)
        var group = primary
        var queue = primary.fallbacks.map { ($0, "chain") }
        var usedContextFallbacks = false
        var usedPolicyFallbacks = false
        var lastError: LLMError?
        var stoppedByDeadline = false
        while true {
            do {
                return try await self.runGroup(group, session: session, options: options, attempts: &attempts, attempt, report: report)
            } catch {
                lastError = error.error
                stoppedByDeadline = stoppedByDeadline || error.deadline
                switch error.error.code {
                case .invalidRequest, .cancelled, .deadlineExceeded:
                    throw error.error
                case .contextWindowExceeded:
                    guard !usedContextFallbacks, !primary.contextWindowFallbacks.isEmpty else { throw error.error }
                    usedContextFallbacks = true
                    queue = primary.contextWindowFallbacks.map { ($0, "context_window") }
                case .contentPolicy:
                    guard !usedPolicyFallbacks, !primary.contentPolicyFallbacks.isEmpty else { throw error.error }
                    usedPolicyFallbacks = true
                    queue = primary.contentPolicyFallbacks.map { ($0, "content_policy") }
                default:
                    break
                }
            }
            var next: ModelGroup?
            while next == nil, !queue.isEmpty {
                let (name, kind) = queue.removeFirst()
                guard options.deadline.remaining >= self.retryPolicy.minimumAttemptTime else {
                    stoppedByDeadline = true
                    queue = []
                    break
                }
                do {
                    next = try self.registry.resolve(name)
                    self.metrics.fallback(model: group.name, kind: kind)
                    options.logger.debug(
                        "llm.router.fallback",
                        metadata: ["llm.model": "\(group.name)", "llm.fallback": "\(name)", "llm.fallback.kind": "\(kind)"]
                    )
                } catch {
                    lastError = error
                }
            }
            guard let next else { break }
            group = next
        }
        let failure = lastError ?? LLMError(.unavailable, "no deployment could be tried")
        guard stoppedByDeadline else { throw failure }
        throw LLMError(
            .deadlineExceeded,
            "the deadline leaves no time for another attempt (the last failed with \(failure.code))",
            provider: failure.provider,
            status: failure.status,
            upstreamRequestID: failure.upstreamRequestID,
            upstreamType: failure.upstreamType,
            retryAfter: failure.retryAfter
        )
    }

    /// Attempts on one model's deployments, with retries.
    private func runGroup<T: Sendable>(
        _ group: ModelGroup,
        session: String?,
        options: CallOptions,
        attempts totalAttempts: inout Int,
        _ attempt: (Deployment, CallOptions) async throws -> T,
        report: (T) -> AttemptReport
    ) async throws(GroupFailure) -> (T, Deployment) {
        let clock = ContinuousClock()
        let policy = self.retryPolicy
        var attempts = 0
        var tried: Set<String> = []
        var lastError: LLMError?
        while true {
            if Task.isCancelled { throw GroupFailure(error: Self.cancelled(), deadline: false) }
            guard options.deadline.remaining >= policy.minimumAttemptTime else {
                throw GroupFailure(
                    error: lastError ?? LLMError(.deadlineExceeded, "the deadline leaves no time for an attempt"),
                    deadline: true
                )
            }
            let deployment: Deployment
            switch self.state.choose(group, tried: tried, session: session, now: clock.now) {
            case .deployment(let chosen):
                deployment = chosen
            case .coolingDown(let until):
                let wait = clock.now.duration(to: until)
                let mayWait =
                    lastError.map { $0.isRetryable && attempts < policy.maxAttempts } ?? false
                    && wait <= policy.maxRetryAfter
                guard mayWait else {
                    throw GroupFailure(
                        error: lastError
                            ?? LLMError(
                                .unavailable,
                                "every deployment of '\(group.name)' is cooling down after failures",
                                retryAfter: wait
                            ),
                        deadline: false
                    )
                }
                guard wait + policy.minimumAttemptTime <= options.deadline.remaining else {
                    throw GroupFailure(error: lastError ?? LLMError(.unavailable, "cooling down"), deadline: true)
                }
                try await Self.sleep(for: wait)
                continue
            }
            attempts += 1
            totalAttempts += 1
            tried.insert(deployment.id)
            if attempts > 1 { self.metrics.retry(deployment: deployment.id) }
            let started = clock.now
            let error: LLMError
            do {
                let value = try await attempt(deployment, options)
                let outcome = report(value)
                if let late = outcome.lateFailure {
                    self.recordFailure(late, on: deployment, options: options, now: clock.now)
                } else {
                    self.metrics.attempt(deployment: deployment.id, outcome: "success")
                    if self.state.succeeded(deployment, latency: outcome.latency ?? started.duration(to: clock.now)) {
                        self.metrics.breaker(deployment: deployment.id, open: false)
                    }
                }
                return (value, deployment)
            } catch let caught {
                error = Task.isCancelled ? Self.cancelled() : Self.normalise(caught, deployment: deployment)
            }
            if error.code == .cancelled {
                self.state.released(deployment)
                throw GroupFailure(error: error, deadline: false)
            }
            self.recordFailure(error, on: deployment, options: options, now: clock.now)
            lastError = error
            guard error.isRetryable, attempts < policy.maxAttempts else {
                throw GroupFailure(error: error, deadline: false)
            }
            if self.state.hasUntriedAvailable(group, tried: tried, now: clock.now) { continue }
            let decision = policy.decide(
                after: error,
                attempts: attempts,
                remaining: options.deadline.remaining,
                random: self.state.random()
            )
            switch decision {
            case .retry(let wait):
                try await Self.sleep(for: wait)
            case .giveUp:
                throw GroupFailure(error: error, deadline: false)
            case .deadline:
                throw GroupFailure(error: error, deadline: true)
            }
        }
    }

    private func recordFailure(
        _ error: LLMError,
        on deployment: Deployment,
        options: CallOptions,
        now: ContinuousClock.Instant
    ) {
        self.metrics.attempt(deployment: deployment.id, outcome: error.code.rawValue)
        options.logger.debug(
            "llm.router.attempt_failed",
            metadata: [
                "llm.deployment": "\(deployment.id)", "llm.error.code": "\(error.code)",
                "llm.error.status": "\(error.status.map(String.init) ?? "-")",
            ]
        )
        if self.state.failed(deployment, error: error, now: now) != nil {
            self.metrics.breaker(deployment: deployment.id, open: true)
        }
    }

    private static func sleep(for wait: Duration) async throws(GroupFailure) {
        guard wait > .zero else { return }
        do {
            try await Task.sleep(for: wait)
        } catch {
            throw GroupFailure(error: Self.cancelled(), deadline: false)
        }
    }

    static func cancelled() -> LLMError {
        LLMError(.cancelled, "the caller went away")
    }
}
