extension OpenAIProvider {
    /// Embeds `request.inputs` with one Embeddings call (vectors travel as base64 float32).
    ///
    /// - Throws: An ``LLMError``, as for ``chat(_:options:)``; ``LLMError/Code/badResponse`` when the number of
    ///   vectors differs from the number of inputs.
    public func embed(_ request: EmbeddingRequest, options: CallOptions) async throws -> EmbeddingResponse {
        let body = OpenAIEmbeddingsWire.encodeRequest(request, encodingFormat: .base64)
        let watchdog = AttemptWatchdog(timeouts: AttemptTimeouts(options: options), provider: self.name)
        let response = try await self.upstream.post(
            url: self.baseURL + "/embeddings",
            headers: self.headers,
            body: body,
            options: options,
            watchdog: watchdog
        )
        watchdog.markFirstToken()
        let bytes = try await self.upstream.collect(response, watchdog: watchdog)
        do throws(LLMError) {
            var answer = try OpenAIEmbeddingsWire.decodeResponse(bytes, provider: self.name)
            guard answer.embeddings.count == request.inputs.count else {
                throw LLMError(
                    .badResponse,
                    "\(answer.embeddings.count) vectors for \(request.inputs.count) inputs",
                    provider: self.name
                )
            }
            if answer.model.isEmpty { answer.model = request.model }
            return answer
        } catch {
            var failure = error
            self.upstream.annotate(&failure, response)
            throw failure
        }
    }
}
