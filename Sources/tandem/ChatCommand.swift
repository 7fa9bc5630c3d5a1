import ArgumentParser
import TandemAWS
import TandemCore
import TandemLLM

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `tandem chat`: one prompt to a model through the router, the answer streamed to stdout as it arrives.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Ask a model one question; the answer streams to stdout, usage and cost to stderr.",
        discussion: """
            MODEL is provider/model (openai/gpt-4o-mini, anthropic/claude-haiku-4-5, bedrock/<model id>, \
            hosted/<model>) or a bare model name the router knows. Keys and endpoints come from the environment: \
            OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, AWS_REGION and the AWS \
            credential variables.
            """
    )

    @Option(help: "The model (provider/model or a name the router knows).")
    var model = "openai/gpt-4o-mini"

    @Option(help: "A system instruction.")
    var system: String?

    @Option(help: "The most tokens to generate.")
    var maxTokens: Int?

    @Option(help: "Seconds before the whole call gives up.")
    var timeout = 300

    @Flag(help: "Print the final provider-neutral response as JSON instead of streaming text.")
    var json = false

    @Argument(help: "The prompt.")
    var prompt: String

    func run() async throws {
        var messages: [ChatMessage] = []
        if let system = self.system { messages.append(.system(system)) }
        messages.append(.user(self.prompt))
        let request = ChatRequest(model: self.model, messages: messages, maxTokens: self.maxTokens)
        let options = CallOptions(deadline: .after(.seconds(self.timeout)))
        let environment = ProcessEnvironment.current
        let router = try Router(environment: environment, factory: Providers(base: DefaultProviderFactory(environment: environment)))
        do {
            var accumulator = ChatResponseAccumulator(model: self.model)
            for try await event in try await router.stream(request, options: options) {
                accumulator.add(event)
                if !self.json, case .textDelta(let text) = event { Self.emit(text, to: 1) }
            }
            if let error = accumulator.error {
                if !self.json { Self.emit("\n", to: 1) }
                throw error
            }
            var response = accumulator.response
            // A stream reports no deployment or cost; fill them in from the model string and the price table.
            if response.provider == nil, let slash = self.model.firstIndex(of: "/") {
                response.provider = String(self.model[..<slash])
            }
            if response.cost == nil {
                let bare = self.model.firstIndex(of: "/").map { String(self.model[self.model.index(after: $0)...]) }
                response.cost =
                    router.prices.cost(of: response.usage, model: response.model)
                    ?? bare.flatMap { router.prices.cost(of: response.usage, model: $0) }
            }
            if self.json {
                Self.emit(response.neutralJSON() + "\n", to: 1)
            } else {
                Self.emit("\n", to: 1)
                Self.emit(Self.summary(response) + "\n", to: 2)
            }
        } catch let error as LLMError {
            Self.emit("error: \(error)\n", to: 2)
            throw ExitCode.failure
        }
    }

    /// `usage: 12 in (0 cached) / 40 out, cost $0.000031, openai gpt-4o-mini-2024-07-18`.
    static func summary(_ response: ChatResponse) -> String {
        let usage = response.usage
        var line = "usage: \(usage.inputTokens) in (\(usage.cacheReadTokens) cached) / \(usage.outputTokens) out"
        if usage.reasoningTokens > 0 { line += " (\(usage.reasoningTokens) reasoning)" }
        if let cost = response.cost {
            line += ", cost $" + Self.dollars(cost.total)
        } else {
            line += ", cost unknown (no price for this model)"
        }
        line += ", \(response.provider ?? "?") \(response.model), finish \(response.finishReason)"
        return line
    }

    static func dollars(_ value: Double) -> String {
        let micro = Int64((value * 1_000_000).rounded())
        let whole = micro / 1_000_000
        let fraction = String(micro % 1_000_000)
        return "\(whole)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    static func emit(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// OpenAI, Anthropic and OpenAI-compatible providers for the router; everything else from `base`.
    struct Providers: ProviderFactory {
        let base: DefaultProviderFactory

        func chatProvider(for deployment: Deployment) throws(LLMError) -> any ChatProvider {
            switch deployment.kind {
            case .openai, .hosted: return try self.openAI(deployment)
            case .anthropic:
                return AnthropicProvider(
                    baseURL: deployment.baseURL ?? AnthropicProvider.defaultBaseURL,
                    apiKey: try self.key(deployment, required: deployment.baseURL == nil),
                    name: deployment.displayName,
                    httpClient: self.base.httpClient
                )
            default: return try self.base.chatProvider(for: deployment)
            }
        }

        func embeddingProvider(for deployment: Deployment) throws(LLMError) -> any EmbeddingProvider {
            switch deployment.kind {
            case .openai, .hosted: return try self.openAI(deployment)
            default: return try self.base.embeddingProvider(for: deployment)
            }
        }

        private func openAI(_ deployment: Deployment) throws(LLMError) -> OpenAIProvider {
            if deployment.kind == .hosted && deployment.baseURL == nil {
                throw LLMError(.invalidRequest, "TANDEM_HOSTED_BASE_URL is not set", provider: deployment.displayName)
            }
            return OpenAIProvider(
                baseURL: deployment.baseURL ?? OpenAIProvider.defaultBaseURL,
                apiKey: try self.key(deployment, required: deployment.baseURL == nil),
                flavor: deployment.kind == .openai && deployment.baseURL == nil ? .openAI : .compatible,
                name: deployment.displayName,
                httpClient: self.base.httpClient
            )
        }

        private func key(_ deployment: Deployment, required: Bool) throws(LLMError) -> String? {
            let key = deployment.apiKeyVariable.flatMap { self.base.environment[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            if key == nil && required {
                throw LLMError(
                    .authentication,
                    "\(deployment.apiKeyVariable ?? "the API key variable") is not set",
                    provider: deployment.displayName
                )
            }
            return key
        }
    }
}
