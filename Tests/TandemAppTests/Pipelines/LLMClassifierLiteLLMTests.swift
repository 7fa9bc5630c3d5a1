import TandemApp
import TandemCore
import TandemLLM
import TandemModels
import TandemSQLite
import Testing

/// The LLM classifier through the real router and OpenAI provider against a LiteLLM proxy whose deployments answer
/// the forced tool call with scripted arguments (`mock_tool_calls`).
@Suite(
    "Classify by an LLM against LiteLLM",
    .enabled(if: LiteLLMPeer.isAvailable, "litellm not installed (tests/requirements.txt)"),
    .timeLimit(.minutes(3))
)
struct LLMClassifierLiteLLMTests {
    static let labels = [ZeroShotClassifier.Label(name: "invoice"), ZeroShotClassifier.Label(name: "recipe")]

    static func router(_ proxy: LiteLLMPeer) throws -> Router {
        let models = ["classify-invoice", "classify-offlist", "classify-overconfident"].map { name in
            ModelConfiguration(
                name: name,
                deployments: [
                    DeploymentConfiguration(
                        name: name, provider: "openai", model: name, baseURL: proxy.openAIBaseURL, apiKeyEnv: "LITELLM_KEY")
                ]
            )
        }
        let environment = ["LITELLM_KEY": proxy.masterKey]
        return try Router(
            // Prices per million tokens for the deployments (the price table does not know these names).
            configuration: RouterConfiguration(
                models: models, prices: ["classify-invoice": ModelPrice(input: 0.15, output: 0.6)]),
            environment: environment,
            factory: DefaultProviderFactory(environment: environment)
        )
    }

    static func pipeline(_ chat: any ChatProvider, model: String, results: any ResultStore) -> ClassifyPipeline {
        ClassifyPipeline(
            configuration: .init(labels: Self.labels),
            classifier: LLMClassifier(chat: chat, model: model),
            documents: DirectoryDocumentSource(root: "/nonexistent"),
            results: results
        )
    }

    @Test("a valid tool call becomes the stored label, confidence, reason, model, usage and cost")
    func validAnswer() async throws {
        let proxy = try await LiteLLMPeer.classifier()
        let router = CountingChat(try Self.router(proxy))
        let results = try SQLiteResultStore(database: .inMemory())
        let pipeline = Self.pipeline(router, model: "classify-invoice", results: results)
        try await pipeline.process(.text(id: "bill-7", text: "Invoice 7: 3 hours of consulting, 360 EUR due by May 1."),
                                   context: BatchTestSupport.context())
        let stored = try #require(try await results.result(id: "bill-7"))
        #expect(stored.fields["label"] == "invoice")
        #expect(stored.fields["confidence"] == 0.92)
        #expect(stored.fields["reason"] == "It lists amounts due.")
        #expect(stored.fields["model"]?.stringValue?.isEmpty == false)
        #expect(stored.fields["provider"] == "classify-invoice")
        #expect(stored.fields["attempts"] == 1)
        #expect((stored.fields["usage"]?["input_tokens"]?.integerValue ?? 0) > 0)
        #expect((stored.fields["cost_usd"]?.doubleValue ?? 0) > 0)
        #expect(router.calls == 1)
    }

    @Test(
        "a label outside the set or a confidence outside 0...1 fails the record after one retry",
        arguments: ["classify-offlist", "classify-overconfident"]
    )
    func invalidAnswer(model: String) async throws {
        let proxy = try await LiteLLMPeer.classifier()
        let router = CountingChat(try Self.router(proxy))
        let results = try SQLiteResultStore(database: .inMemory())
        let pipeline = Self.pipeline(router, model: model, results: results)
        await #expect {
            try await pipeline.process(.text(id: "doc", text: "Some text."), context: BatchTestSupport.context())
        } throws: { error in
            (error as? PipelineError)?.code == PipelineError.invalidClassification
        }
        #expect(router.calls == 2)
        #expect(try await results.result(id: "doc") == nil)
    }
}
