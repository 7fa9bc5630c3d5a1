import TandemCore

extension Router {
    /// An attempt that failed after content: carried out of the attempt as an outcome, never retried.
    struct LateFailure: Error {
        var outcome: StreamOutcome
    }

    /// What a streaming attempt that reached the caller ended with.
    struct StreamOutcome: Sendable {
        var usage: Usage
        var model: String
        var lateFailure: LLMError?
        var firstContent: Duration?
    }

    /// Streams the answer to `request` through the deployments of `request.model`.
    ///
    /// - Throws: An ``LLMError`` for an unknown model; later failures arrive as described in ``ChatStream``.
    public func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        try await self.stream(request, options: options, session: nil, onComplete: nil)
    }

    /// Streams the answer to `request`, failing over before the first content and ending with a terminal
    /// ``ChatStreamEvent/error(_:)`` event after it.
    ///
    /// The returned sequence throws an ``LLMError`` when every attempt failed before content (nothing reached the
    /// caller). Once content has arrived, a failure (an upstream error, a broken connection, the idle timeout, the
    /// deadline, or an upstream that stops without finishing) is a terminal `.error` event, never a silent end.
    /// Stopping the iteration cancels the upstream request.
    ///
    /// - Parameters:
    ///   - request: The request; `model` is a configured name, an alias or `provider/model`.
    ///   - options: The deadline, timeouts (first token, idle, total) and logger.
    ///   - session: A session key for sticky routing.
    ///   - onComplete: Called once when a stream that reached the caller ends: deployment, usage, cost, attempts.
    /// - Throws: An ``LLMError`` ``LLMError/Code/notFound`` when no model has that name.
    public func stream(
        _ request: ChatRequest,
        options: CallOptions,
        session: String?,
        onComplete: (@Sendable (RouteReport) -> Void)? = nil
    ) async throws(LLMError) -> ChatStream {
        _ = try self.registry.resolve(request.model)
        return ChatStream { continuation in
            var attempts = 0
            let (outcome, deployment) = try await self.route(
                model: request.model,
                session: session,
                options: options,
                attempts: &attempts,
                { deployment, options in
                    do {
                        return try await self.streamAttempt(
                            request,
                            on: deployment,
                            options: options,
                            continuation: continuation
                        )
                    } catch let late as LateFailure {
                        return late.outcome
                    }
                },
                report: { AttemptReport(lateFailure: $0.lateFailure, latency: $0.firstContent) }
            )
            if outcome.lateFailure != nil { self.metrics.streamErrorAfterCommit(deployment: deployment.id) }
            onComplete?(
                RouteReport(
                    provider: deployment.displayName,
                    deploymentID: deployment.id,
                    model: outcome.model,
                    usage: outcome.usage,
                    cost: self.cost(of: outcome.usage, deployment: deployment, answeredBy: outcome.model),
                    attempts: attempts,
                    error: outcome.lateFailure
                )
            )
        }
    }

    /// One streaming attempt: returns once the stream ended after reaching the caller (well or with a terminal
    /// error event); throws when it failed before any content.
    private func streamAttempt(
        _ request: ChatRequest,
        on deployment: Deployment,
        options: CallOptions,
        continuation: ChatStream.Continuation
    ) async throws -> StreamOutcome {
        let provider = try self.chatProvider(for: deployment)
        var upstream = request
        upstream.model = deployment.model
        let upstreamRequest = upstream
        let gate = StreamAttemptGate(continuation: continuation, options: options)
        let outcome: StreamOutcome?
        do {
            outcome = try await withThrowingTaskGroup(of: StreamOutcome?.self) { group in
                group.addTask {
                    try await Self.consume(provider, upstreamRequest, options: options, gate: gate, deployment: deployment)
                }
                group.addTask {
                    _ = try await gate.watch()
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
        } catch {
            throw Self.afterCommit(Self.normalise(error, deployment: deployment), gate: gate, deployment: deployment)
        }
        if Task.isCancelled { throw Self.cancelled() }
        if let limit = gate.expired {
            throw Self.afterCommit(Self.timeoutError(limit, deployment: deployment), gate: gate, deployment: deployment)
        }
        if let outcome { return outcome }
        throw Self.afterCommit(
            LLMError(.badResponse, "the stream attempt ended without an outcome", provider: deployment.displayName),
            gate: gate,
            deployment: deployment
        )
    }

    /// A failure of an attempt: once content reached the caller it must not be retried, so it becomes (or already
    /// became, when the consumer and the watchdog raced) the stream's terminal error event.
    private static func afterCommit(_ error: LLMError, gate: StreamAttemptGate, deployment: Deployment) -> any Error {
        _ = gate.failIfCommitted(error)
        guard gate.isCommitted else { return error }
        return LateFailure(outcome: StreamOutcome(
            usage: Usage(),
            model: deployment.model,
            lateFailure: gate.terminalError ?? error,
            firstContent: gate.firstContent
        ))
    }

    /// Reads the provider's stream through `gate`. The provider's producer runs in this task and hands each event
    /// straight to the gate (no task switch per event).
    private static func consume(
        _ provider: any ChatProvider,
        _ request: ChatRequest,
        options: CallOptions,
        gate: StreamAttemptGate,
        deployment: Deployment
    ) async throws -> StreamOutcome? {
        let tally = StreamAttemptTally(model: deployment.model)
        func late(_ error: LLMError) -> StreamOutcome {
            StreamOutcome(usage: tally.usage, model: tally.model, lateFailure: error, firstContent: gate.firstContent)
        }
        func failed(_ error: any Error) throws -> StreamOutcome? {
            if Task.isCancelled || gate.expired != nil { return nil }
            let error = Self.normalise(error, deployment: deployment)
            if gate.failIfCommitted(error) { return late(error) }
            throw error
        }
        do {
            try await provider.stream(request, options: options).deliver { event in
                // Once the attempt is cancelled (a limit expired, the caller left) nothing more reaches the caller:
                // a producer that answers its cancellation with a terminal error (the HTTP one does, "the stream
                // ended before it finished") must not take the place of the attempt's own outcome.
                guard !Task.isCancelled, tally.note(event) else { return }
                if case .error(let error) = event {
                    let error = Self.normalise(error, deployment: deployment)
                    tally.end(gate.failIfCommitted(error) ? .late(error) : .failed(error))
                } else if !gate.forward(event) {
                    tally.end(.closed)
                }
            }
        } catch {
            return try failed(error)
        }
        switch tally.ending {
        case .late(let error): return late(error)
        case .failed(let error): return try failed(error)
        case .closed: return nil
        case nil: break
        }
        if Task.isCancelled || gate.expired != nil { return nil }
        guard tally.finished else {
            let error = LLMError(
                .connection,
                gate.isCommitted ? "the stream ended before the model finished" : "the stream ended before any content",
                provider: deployment.displayName
            )
            if gate.failIfCommitted(error) { return late(error) }
            throw error
        }
        return StreamOutcome(usage: tally.usage, model: tally.model, lateFailure: nil, firstContent: gate.firstContent)
    }

    private static func timeoutError(_ limit: StreamAttemptGate.Limit, deployment: Deployment) -> LLMError {
        let provider = deployment.displayName
        switch limit {
        case .firstToken: return LLMError(.timeout, "no first token within the first-token timeout", provider: provider)
        case .idle: return LLMError(.timeout, "no chunk within the idle timeout", provider: provider)
        case .total: return LLMError(.timeout, "the stream exceeded the total timeout", provider: provider)
        case .deadline: return LLMError(.deadlineExceeded, "the deadline passed during the stream", provider: provider)
        }
    }
}
