import Foundation
import TandemCore
import Testing

@testable import TandemLLM

@Suite("Router configuration: decoding, validation naming the field, model resolution from the environment")
struct RouterConfigurationTests {
    static let json = """
        {
          "models": [
            {"name": "chat",
             "deployments": [
               {"provider": "openai", "model": "gpt-4o-mini", "weight": 3},
               {"name": "claude", "provider": "anthropic", "model": "claude-haiku-4-5", "api_key_env": "TEAM_KEY"},
               {"provider": "bedrock", "model": "us.anthropic.claude-haiku-4-5-20251001-v1:0"}
             ],
             "fallbacks": ["backup", "anthropic/claude-sonnet-4-5"],
             "context_window_fallbacks": ["big"],
             "strategy": "least_latency"},
            {"name": "backup", "deployments": [{"provider": "hosted", "model": "llama", "base_url": "http://10.0.0.5:8000/v1"}]},
            {"name": "big", "deployments": [{"provider": "openai", "model": "gpt-4.1"}]}
          ],
          "aliases": {"fast": "chat", "cheap": "openai/gpt-4.1-nano"},
          "retry": {"max_attempts": 5, "base_delay_ms": 10},
          "cooldown": {"failure_threshold": 2},
          "session_affinity": {"ttl_seconds": 60},
          "prices": {"llama": {"input": 0.1, "output": 0.2}}
        }
        """

    static func decode(_ text: String) throws -> RouterConfiguration {
        try JSONDecoder().decode(RouterConfiguration.self, from: Data(text.utf8))
    }

    @Test("a full configuration decodes with defaults for what it leaves out")
    func decoding() throws {
        let configuration = try Self.decode(Self.json)
        try configuration.validate()
        #expect(configuration.models.map(\.name) == ["chat", "backup", "big"])
        #expect(configuration.models[0].deployments[0].weight == 3)
        #expect(configuration.models[0].deployments[1].apiKeyEnv == "TEAM_KEY")
        #expect(configuration.models[0].strategy == .leastLatency)
        #expect(configuration.retry.maxAttempts == 5)
        #expect(configuration.retry.maxDelayMilliseconds == 8000)
        #expect(configuration.cooldown.failureThreshold == 2)
        #expect(configuration.cooldown.baseMilliseconds == 5000)
        #expect(configuration.sessionAffinity == SessionAffinityConfiguration(enabled: true, ttlSeconds: 60))
        #expect(configuration.prices["llama"] == ModelPrice(input: 0.1, output: 0.2))
        #expect(try Self.decode("{}") == RouterConfiguration())
    }

    @Test(
        "validation errors name the field",
        arguments: [
            (#"{"models":[{"name":"a","deployments":[{"provider":"openai","model":"m"}]},{"name":"b","deployments":[{"provider":"openai","model":"m"}]},{"name":"c","deployments":[{"provider":"openai","model":"m","weight":-1}]}]}"#,
             "models[2].deployments[0].weight: must be a positive number, not -1.0"),
            (#"{"models":[{"name":"a","deployments":[{"provider":"azure","model":"m"}]}]}"#,
             "models[0].deployments[0].provider: must be one of openai, anthropic, bedrock, hosted, local, not 'azure'"),
            (#"{"models":[{"name":"a","deployments":[]}]}"#, "models[0].deployments: needs at least one deployment"),
            (#"{"models":[{"name":"a","deployments":[{"provider":"openai","model":"m"}],"fallbacks":["nope"]}]}"#,
             "models[0].fallbacks[0]: 'nope' is neither a configured model, an alias nor provider/model"),
            (#"{"models":[{"name":"a","deployments":[{"provider":"openai","model":"m","api_key_env":"sk-123"}]}]}"#,
             "models[0].deployments[0].api_key_env: must name an environment variable (the key itself never goes here)"),
            (#"{"aliases":{"x":"y"}}"#, "aliases.x: 'y' is neither a configured model nor provider/model"),
            (#"{"retry":{"max_attempts":0}}"#, "retry.max_attempts: must be at least 1, not 0"),
            (#"{"cooldown":{"base_ms":10,"max_ms":5}}"#, "cooldown.max_ms: must be at least base_ms (10)"),
            (#"{"prices":{"m":{"input":-1,"output":1}}}"#,
             "prices.m.input: must be a non-negative number of dollars per million tokens"),
        ]
    )
    func validation(json: String, message: String) throws {
        let configuration = try Self.decode(json)
        let error = try #require(throws: TandemError.self) { try configuration.validate(at: "llm.") }
        #expect(error.code == .invalidConfiguration)
        #expect(error.message == "llm." + message)
        #expect(throws: TandemError.self) { try Router(configuration: configuration, environment: [:]) }
    }

    @Test("provider/model strings work with no configuration, with base URLs and region from the environment")
    func implicitModels() throws {
        let environment = [
            "OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "ANTHROPIC_BASE_URL": "http://127.0.0.1:8",
            "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": "http://127.0.0.1:7",
            "TANDEM_HOSTED_BASE_URL": "http://127.0.0.1:6/v1",
        ]
        let registry = try ModelRegistry(configuration: RouterConfiguration(), environment: environment)
        let openai = try registry.resolve("openai/gpt-4o-mini").deployments
        #expect(
            openai == [
                Deployment(
                    id: "openai/gpt-4o-mini", kind: .openai, model: "gpt-4o-mini", baseURL: "http://127.0.0.1:9/v1",
                    apiKeyVariable: "OPENAI_API_KEY"
                )
            ]
        )
        let anthropic = try #require(try registry.resolve("anthropic/claude-haiku-4-5").deployments.first)
        #expect(anthropic.baseURL == "http://127.0.0.1:8" && anthropic.apiKeyVariable == "ANTHROPIC_API_KEY")
        let arn = "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0"
        let bedrock = try #require(try registry.resolve("bedrock/" + arn).deployments.first)
        #expect(bedrock.model == arn && bedrock.region == "eu-west-1" && bedrock.baseURL == "http://127.0.0.1:7")
        let hosted = try #require(try registry.resolve("hosted/llama-3.1-8b").deployments.first)
        #expect(hosted.baseURL == "http://127.0.0.1:6/v1" && hosted.apiKeyVariable == "TANDEM_HOSTED_API_KEY")
        #expect(try registry.resolve("local/all-minilm-l6-v2").deployments.first?.kind == .local)
        #expect(try registry.resolve("gpt-4o").deployments.first?.id == "openai/gpt-4o")
        #expect(try registry.resolve("claude-sonnet-4-5").deployments.first?.kind == .anthropic)
        let error = try #require(throws: LLMError.self) { try registry.resolve("mystery") }
        #expect(error.code == .notFound)
    }

    @Test("configured names and aliases resolve to their deployments; config wins over the environment")
    func configuredModels() throws {
        let registry = try ModelRegistry(
            configuration: try Self.decode(Self.json),
            environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "AWS_DEFAULT_REGION": "us-west-2"]
        )
        let chat = try registry.resolve("fast")
        #expect(chat.name == "chat")
        #expect(chat.deployments.map(\.id) == ["openai/gpt-4o-mini", "claude", "bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0"])
        #expect(chat.deployments.map(\.displayName) == ["openai", "claude", "bedrock"])
        #expect(chat.deployments[0].baseURL == "http://127.0.0.1:9/v1")
        #expect(chat.deployments[1].apiKeyVariable == "TEAM_KEY")
        #expect(chat.deployments[2].region == "us-west-2")
        #expect(chat.fallbacks == ["backup", "anthropic/claude-sonnet-4-5"])
        #expect(chat.strategy == .leastLatency)
        #expect(try registry.resolve("backup").deployments[0].baseURL == "http://10.0.0.5:8000/v1")
        #expect(try registry.resolve("cheap").deployments[0].model == "gpt-4.1-nano")
    }
}
