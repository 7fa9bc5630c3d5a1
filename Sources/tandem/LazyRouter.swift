import TandemApp
import TandemLLM

/// A router made on the first call that needs it: the Lambda bootstrap mounts the gateway's routes at init without
/// paying for the providers, the HTTP client and the model registry until a chat or embedding request arrives.
final class LazyRouter: ChatProvider, EmbeddingProvider {
    let name = "router"
    private let router: LazyValue<Router>

    /// - Parameter make: Builds the router; called again on the next request if it throws.
    init(_ make: @escaping @Sendable () throws -> Router) {
        self.router = LazyValue(make)
    }

    func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        try await self.router.get().chat(request, options: options)
    }

    func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        try await self.router.get().stream(request, options: options)
    }

    func embed(_ request: EmbeddingRequest, options: CallOptions) async throws -> EmbeddingResponse {
        try await self.router.get().embed(request, options: options)
    }
}
