import TandemCore

extension Router {
    /// Answers `request` through the deployments of `request.model`.
    ///
    /// - Throws: An ``LLMError``: the last attempt's error when retries and fallbacks are used up,
    ///   ``LLMError/Code/deadlineExceeded`` when the deadline left no time for another attempt,
    ///   ``LLMError/Code/cancelled`` when the caller went away, ``LLMError/Code/notFound`` for an unknown model.
    public func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        try await self.chat(request, options: options, session: nil)
    }

    /// Answers `request`, sticking to one deployment per `session` key while it is healthy.
    ///
    /// - Parameters:
    ///   - request: The request; `model` is a configured name, an alias or `provider/model`.
    ///   - options: The deadline, timeouts and logger.
    ///   - session: A session key (a conversation id): requests with the same key go to the same deployment.
    /// - Returns: The response with ``ChatResponse/provider`` and ``ChatResponse/cost`` set.
    /// - Throws: An ``LLMError`` (see ``chat(_:options:)``).
    public func chat(_ request: ChatRequest, options: CallOptions, session: String?) async throws(LLMError)
        -> ChatResponse
    {
        var attempts = 0
        let (response, _) = try await self.route(
            model: request.model,
            session: session,
            options: options,
            attempts: &attempts
        ) { deployment, options in
            let provider = try self.chatProvider(for: deployment)
            var upstream = request
            upstream.model = deployment.model
            let upstreamRequest = upstream
            var response = try await Self.withAttemptTimeout(
                options, deployment: deployment, selfTimed: provider is any SelfTimedProvider
            ) {
                try await provider.chat(upstreamRequest, options: options)
            }
            response.provider = deployment.displayName
            response.cost = self.cost(of: response.usage, deployment: deployment, answeredBy: response.model)
            return response
        }
        return response
    }

    /// Runs one non-streaming attempt, bounded by the total timeout and the caller's deadline (by the provider itself
    /// when `selfTimed`).
    static func withAttemptTimeout<T: Sendable>(
        _ options: CallOptions,
        deployment: Deployment,
        selfTimed: Bool = false,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        // A provider that bounds its own calls needs no second timer (see ``SelfTimedProvider``).
        if selfTimed { return try await body() }
        let remaining = options.deadline.remaining
        let boundByDeadline = remaining <= options.totalTimeout
        let budget = boundByDeadline ? remaining : options.totalTimeout
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await CancellableSleep.sleep(for: budget)
                return nil
            }
            defer { group.cancelAll() }
            if let first = try await group.next(), let value = first { return value }
            if Task.isCancelled { throw Self.cancelled() }
            throw boundByDeadline
                ? LLMError(.deadlineExceeded, "the deadline passed during the attempt", provider: deployment.displayName)
                : LLMError(.timeout, "no answer within the total timeout", provider: deployment.displayName)
        }
    }
}
