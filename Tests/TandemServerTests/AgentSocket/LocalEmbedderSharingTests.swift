import TandemApp
import TandemCore
import TandemLLM
import TandemServer
import Testing

/// `tandem serve` loads the local embedding model once: `/v1/search` takes the gateway router's local embedder
/// (``Router/localEmbeddings``) instead of a second ``LocalEmbeddingProvider`` (two copies of a 90 MB model).
@Suite("One local embedder per process")
struct LocalEmbedderSharingTests {
    @Test func theGatewayRouterExposesTheEmbedderItsLocalDeploymentsUse() throws {
        let configuration = try TandemConfiguration(parsing: .null, environment: [:], source: "defaults")
        let gateway = try GatewayAssembly.make(configuration: configuration, environment: [:])
        let router = try #require(gateway.embeddings as? TandemLLM.Router)
        let shared = try #require(router.localEmbeddings)
        #expect(router.localEmbeddings === shared)
        // A factory given a host's embedder hands exactly that one to local/ deployments (the worker's case).
        let factory = DefaultProviderFactory(environment: [:], local: shared)
        let local = Deployment(id: "local/all-MiniLM-L6-v2", kind: .local, model: "all-MiniLM-L6-v2")
        #expect(try factory.embeddingProvider(for: local) as? LocalEmbeddingProvider === shared)
        #expect(DefaultProviderFactory(environment: [:]).local !== shared)
    }
}
