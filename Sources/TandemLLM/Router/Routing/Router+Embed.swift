extension Router {
    /// Embeds `request.inputs` through the deployments of `request.model`, with the same retries, cooldowns and
    /// fallbacks as chat.
    ///
    /// - Returns: The vectors with ``EmbeddingResponse/provider`` and ``EmbeddingResponse/cost`` set.
    /// - Throws: An ``LLMError`` (see ``chat(_:options:)``).
    public func embed(_ request: EmbeddingRequest, options: CallOptions) async throws -> EmbeddingResponse {
        var attempts = 0
        let (response, _) = try await self.route(
            model: request.model,
            session: nil,
            options: options,
            attempts: &attempts
        ) { deployment, options in
            let provider = try self.embeddingProvider(for: deployment)
            var upstream = request
            upstream.model = deployment.model
            let upstreamRequest = upstream
            var response = try await Self.withAttemptTimeout(
                options, deployment: deployment, selfTimed: provider is any SelfTimedProvider
            ) {
                try await provider.embed(upstreamRequest, options: options)
            }
            response.provider = deployment.displayName
            response.cost = self.cost(of: response.usage, deployment: deployment, answeredBy: response.model)
            return response
        }
        return response
    }
}
