extension OpenAIProvider {
    /// Embeds `request.inputs` with one Embeddings call (vectors travel as base64 float32).
    ///
    /// - Throws: An ``LLMError``, as for ``chat(_:options:)``; ``LLMError/Code/badResponse`` when the number of
    ///   vectors differs from the number of inputs.
    public func embed(_ request: EmbeddingRequest, options: CallOptions) async throws -> EmbeddingResponse {
        let body = OpenAIEmbeddingsWire.encodeRequest(request, encodingFormat: .base64)
        let response = try await self.upstream.exchange(
            endpoint: self.embeddingsEndpoint,
            headers: self.headers,
            body: body,
            options: options,
            timeouts: AttemptTimeouts(options: options)
        )
        do throws(LLMError) {
            var answer = try OpenAIEmbeddingsWire.decodeResponse(response.body, provider: self.name)
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
            self.upstream.annotate(&failure, status: response.status, headers: response.headers)
            throw failure
        }
    }
}
