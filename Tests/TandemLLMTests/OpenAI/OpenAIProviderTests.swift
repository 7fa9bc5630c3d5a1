import TandemCore
import Testing

@testable import TandemLLM

@Suite("OpenAI provider against a real LiteLLM proxy")
struct OpenAIProviderLiteLLMTests {
    private func provider() async throws -> OpenAIProvider {
        let proxy = try await LiteLLMProxy.shared()
        return OpenAIProvider(baseURL: proxy.baseURL + "/v1", apiKey: proxy.masterKey, flavor: .compatible, name: "litellm")
    }

    @Test("chat: text, finish reason and usage")
    func chat() async throws {
        let provider = try await self.provider()
        let response = try await provider.chat(ChatRequest(model: "mock-gpt", messages: [.user("hi")]), options: CallOptions())
        #expect(response.message.text == "Hello from the mock")
        #expect(response.finishReason == .stop)
        #expect(response.id.hasPrefix("chatcmpl-"))
        #expect(response.usage.inputTokens > 0 && response.usage.outputTokens > 0)
    }

    @Test("stream: deltas arrive in order and add up; the usage chunk is read; the stream ends with [DONE]")
    func stream() async throws {
        let provider = try await self.provider()
        let stream = try await provider.stream(ChatRequest(model: "mock-gpt", messages: [.user("hi")]), options: CallOptions())
        var events: [ChatStreamEvent] = []
        for try await event in stream { events.append(event) }
        guard case .messageStart(let id, _) = events.first else {
            Issue.record("no messageStart first: \(events)")
            return
        }
        #expect(id.hasPrefix("chatcmpl-"))
        let deltas = events.compactMap { event -> String? in
            if case .textDelta(let text) = event { return text }
            return nil
        }
        #expect(deltas.count > 1)
        #expect(deltas.joined() == "Hello from the mock")
        #expect(events.contains(.finish(.stop)))
        let usage = events.compactMap { event -> Usage? in
            if case .usage(let usage) = event { return usage }
            return nil
        }
        #expect(usage.last.map { $0.inputTokens > 0 && $0.outputTokens > 0 } == true)
    }

    @Test("tools: parallel tool calls keep their ids, names and argument text")
    func tools() async throws {
        let provider = try await self.provider()
        let request = ChatRequest(
            model: "mock-tools",
            messages: [.user("weather and time?")],
            tools: [OpenAIChatWireTests.weather, ToolDefinition(name: "get_time", parameters: ["type": "object"])],
            toolChoice: .auto
        )
        let response = try await provider.chat(request, options: CallOptions())
        #expect(response.message.toolCalls == [
            ToolCall(id: "call_mock_1", name: "get_weather", arguments: #"{"city":"Oslo"}"#),
            ToolCall(id: "call_mock_2", name: "get_time", arguments: #"{"tz":"UTC"}"#),
        ])
        #expect(try response.message.toolCalls[0].argumentsValue() == ["city": "Oslo"])
    }

    @Test("embeddings: the vector arrives as sent by the deployment")
    func embeddings() async throws {
        let provider = try await self.provider()
        let response = try await provider.embed(EmbeddingRequest(model: "mock-embed", inputs: ["hello"]), options: CallOptions())
        #expect(response.embeddings == [[0.1, 0.2, 0.3]])
        #expect(response.usage.inputTokens > 0)
    }

    @Test("upstream errors carry provider, status and a short reason, never the key", arguments: [
        ("mock-ratelimit", LLMError.Code.rateLimited, 429),
        ("mock-servererror", LLMError.Code.serverError, 500),
    ])
    func upstreamErrors(model: String, code: LLMError.Code, status: Int) async throws {
        let provider = try await self.provider()
        let proxy = try await LiteLLMProxy.shared()
        await #expect {
            _ = try await provider.chat(ChatRequest(model: model, messages: [.user("hi")]), options: CallOptions())
        } throws: { error in
            guard let error = error as? LLMError else { return false }
            return error.code == code && error.status == status && error.provider == "litellm"
                && !error.message.contains(proxy.masterKey) && error.message.count <= OpenAIErrorWire.maximumMessageLength
        }
    }

    @Test("a refused key gives a final error that does not repeat the key")
    func wrongKey() async throws {
        // LiteLLM without a database answers 400 "No connected db." for keys other than the master key.
        let proxy = try await LiteLLMProxy.shared()
        let provider = OpenAIProvider(baseURL: proxy.baseURL + "/v1", apiKey: "sk-wrong-key-42", flavor: .compatible)
        await #expect {
            _ = try await provider.chat(ChatRequest(model: "mock-gpt", messages: [.user("hi")]), options: CallOptions())
        } throws: { error in
            guard let error = error as? LLMError, let status = error.status else { return false }
            return (400...401).contains(status) && !error.isRetryable && !"\(error)".contains("sk-wrong-key-42")
        }
    }
}
