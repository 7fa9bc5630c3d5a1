import TandemCore
import Testing

@testable import TandemLLM

@Suite("Anthropic provider against a real LiteLLM proxy (/v1/messages)")
struct AnthropicProviderTests {
    private func provider() async throws -> AnthropicProvider {
        let proxy = try await LiteLLMProxy.shared()
        return AnthropicProvider(baseURL: proxy.baseURL, apiKey: proxy.masterKey, name: "litellm-anthropic")
    }

    @Test("chat: text, stop reason and usage")
    func chat() async throws {
        let provider = try await self.provider()
        let response = try await provider.chat(
            ChatRequest(model: "mock-claude", messages: [.system("Be brief."), .user("hi")], maxTokens: 100),
            options: CallOptions()
        )
        #expect(response.message.text == "Hello from the mock claude")
        #expect(response.finishReason == .stop)
        #expect(response.id.hasPrefix("msg_"))
        #expect(response.usage.inputTokens > 0)
    }

    @Test("stream: LiteLLM's Anthropic events decode to the whole text, finish and usage")
    func stream() async throws {
        let provider = try await self.provider()
        let stream = try await provider.stream(
            ChatRequest(model: "claude-relay", messages: [.user("hi")], maxTokens: 100),
            options: CallOptions()
        )
        var events: [ChatStreamEvent] = []
        for try await event in stream { events.append(event) }
        var accumulator = ChatResponseAccumulator()
        for event in events { accumulator.add(event) }
        let response = accumulator.response
        #expect(response.message.text == "Hello from the mock")
        #expect(events.filter { if case .textDelta = $0 { true } else { false } }.count > 1)
        #expect(response.finishReason == .stop)
        #expect(response.usage.outputTokens > 0)
        #expect(response.id.hasPrefix("msg_"))
    }

    @Test("tools: tool_use blocks become tool calls with ids, names and argument JSON")
    func tools() async throws {
        let provider = try await self.provider()
        let request = ChatRequest(
            model: "claude-tools-relay",
            messages: [.user("weather and time?")],
            tools: [OpenAIChatWireTests.weather.withoutStrict, ToolDefinition(name: "get_time", parameters: ["type": "object"])],
            maxTokens: 100
        )
        let response = try await provider.chat(request, options: CallOptions())
        #expect(response.message.toolCalls.map(\.id) == ["call_mock_1", "call_mock_2"])
        #expect(response.message.toolCalls.map(\.name) == ["get_weather", "get_time"])
        #expect(try response.message.toolCalls.map { try $0.argumentsValue() } == [["city": "Oslo"], ["tz": "UTC"]])
        #expect(response.finishReason == .toolCalls)
    }

    @Test("errors come back in Anthropic's format with status; a refused key is not repeated")
    func errors() async throws {
        let provider = try await self.provider()
        await #expect {
            _ = try await provider.chat(ChatRequest(model: "mock-ratelimit", messages: [.user("hi")]), options: CallOptions())
        } throws: { ($0 as? LLMError)?.code == .rateLimited && ($0 as? LLMError)?.status == 429 }
        let proxy = try await LiteLLMProxy.shared()
        // LiteLLM without a database answers 400 "No connected db." for keys other than the master key.
        let wrong = AnthropicProvider(baseURL: proxy.baseURL, apiKey: "sk-wrong-key-42")
        await #expect {
            _ = try await wrong.chat(ChatRequest(model: "mock-claude", messages: [.user("hi")]), options: CallOptions())
        } throws: { error in
            guard let error = error as? LLMError, let status = error.status else { return false }
            return (400...401).contains(status) && !"\(error)".contains("sk-wrong-key-42")
        }
    }
}
