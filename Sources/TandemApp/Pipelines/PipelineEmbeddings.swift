import TandemCore
public import TandemLLM

/// The embedding model a pipeline uses: any ``TandemLLM/EmbeddingProvider`` (the local model, Bedrock Titan or
/// Cohere, OpenAI) and the model name to ask it for.
public struct PipelineEmbeddings: Sendable {
    /// The provider.
    public let provider: any EmbeddingProvider
    /// The model name sent with each request.
    public let model: String

    /// Creates the pairing.
    public init(provider: any EmbeddingProvider, model: String) {
        self.provider = provider
        self.model = model
    }

    /// Embeds `texts` (in batches of `batchSize`), before `deadline`.
    /// - Returns: the vectors in order, the model the provider reports, and the input tokens used.
    /// - Throws: the provider's ``TandemLLM/LLMError``.
    func embed(_ texts: [String], deadline: Deadline, batchSize: Int = 64) async throws -> (
        vectors: [[Float]], model: String, inputTokens: Int
    ) {
        var vectors: [[Float]] = []
        var model = self.model
        var tokens = 0
        var start = 0
        while start < texts.count {
            let batch = Array(texts[start..<min(texts.count, start + batchSize)])
            let response = try await self.provider.embed(
                EmbeddingRequest(model: self.model, inputs: batch),
                options: CallOptions(deadline: deadline)
            )
            vectors += response.embeddings
            model = response.model
            tokens += response.usage.inputTokens
            start += batchSize
        }
        return (vectors, model, tokens)
    }
}
