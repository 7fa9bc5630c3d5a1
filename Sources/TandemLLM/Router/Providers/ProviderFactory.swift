/// Builds the provider a deployment calls. The router asks once per deployment (lazily, on its first request) and
/// keeps the result; tests inject scripted providers through it.
public protocol ProviderFactory: Sendable {
    /// The chat provider for `deployment`.
    ///
    /// - Throws: An ``LLMError`` (for example ``LLMError/Code/unsupported`` when the provider cannot chat, or
    ///   `invalid_request` when its configuration is incomplete); the router fails over as for any deployment error.
    func chatProvider(for deployment: Deployment) throws(LLMError) -> any ChatProvider

    /// The embedding provider for `deployment`.
    ///
    /// - Throws: An ``LLMError``, as for ``chatProvider(for:)``.
    func embeddingProvider(for deployment: Deployment) throws(LLMError) -> any EmbeddingProvider
}
