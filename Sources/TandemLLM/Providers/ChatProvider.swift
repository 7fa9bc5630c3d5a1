/// Something that answers chat requests: a provider (OpenAI, Anthropic, Bedrock, an OpenAI-compatible server), the
/// router, or a scripted model in tests.
///
/// `request.model` is the provider's own model id by the time a provider sees it (the router resolves aliases and
/// `provider/` prefixes).
public protocol ChatProvider: Sendable {
    /// A short name for logs, metrics and errors (`openai`, `anthropic`, `bedrock`, a deployment name).
    var name: String { get }

    /// Answers `request` in one response.
    ///
    /// - Throws: An ``LLMError``.
    func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse

    /// Answers `request` as a stream of events (see ``ChatStream`` for how failures arrive).
    ///
    /// - Throws: An ``LLMError`` when the request cannot be started.
    func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream
}

/// Something that embeds texts.
public protocol EmbeddingProvider: Sendable {
    /// A short name for logs, metrics and errors.
    var name: String { get }

    /// Embeds `request.inputs`.
    ///
    /// - Throws: An ``LLMError``.
    func embed(_ request: EmbeddingRequest, options: CallOptions) async throws -> EmbeddingResponse
}
