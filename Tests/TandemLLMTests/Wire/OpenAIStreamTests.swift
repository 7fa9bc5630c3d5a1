import TandemCore
import Testing

@testable import TandemLLM

@Suite("OpenAI stream chunks")
struct OpenAIStreamTests {
    /// Chunks as api.openai.com sends them for two parallel tool calls with `include_usage`.
    static let toolCallChunks = [
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\": \"Oslo\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null}"#,
        #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":80,"completion_tokens":30,"total_tokens":110,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}"#,
        "[DONE]",
    ]

    @Test("tool-call deltas keyed by index, arguments concatenated, usage from the final empty-choices chunk")
    func toolCallStream() throws {
        var decoder = OpenAIStreamDecoder()
        var events: [ChatStreamEvent] = []
        for chunk in Self.toolCallChunks { try decoder.decode(Array(chunk.utf8)) { events.append($0) } }
        #expect(decoder.isDone && decoder.isFinished)
        #expect(events == [
            .messageStart(id: "chatcmpl-9", model: "gpt-4o"),
            .toolCallStart(index: 0, id: "call_a", name: "get_weather"),
            .toolCallArgumentsDelta(index: 0, #"{"ci"#),
            .toolCallStart(index: 1, id: "call_b", name: "get_time"),
            .toolCallArgumentsDelta(index: 0, #"ty": "Oslo"}"#),
            .toolCallArgumentsDelta(index: 1, "{}"),
            .toolCallEnd(index: 0),
            .toolCallEnd(index: 1),
            .finish(.toolCalls),
            .usage(Usage(inputTokens: 80, outputTokens: 30)),
        ])
        var accumulator = ChatResponseAccumulator()
        for event in events { accumulator.add(event) }
        #expect(accumulator.response.message.toolCalls[0].arguments == #"{"city": "Oslo"}"#)
    }

    @Test("text and reasoning deltas; empty content strings are not events")
    func textStream() throws {
        let chunks = [
            #"{"id":"c","model":"deepseek-r1","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"#,
            #"{"id":"c","model":"deepseek-r1","choices":[{"index":0,"delta":{"reasoning_content":"Hmm."}}]}"#,
            #"{"id":"c","model":"deepseek-r1","choices":[{"index":0,"delta":{"content":"Hi"}}]}"#,
            #"{"id":"c","model":"deepseek-r1","choices":[{"index":0,"delta":{"content":" there"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#,
        ]
        var decoder = OpenAIStreamDecoder()
        var events: [ChatStreamEvent] = []
        for chunk in chunks { try decoder.decode(Array(chunk.utf8)) { events.append($0) } }
        #expect(events == [
            .messageStart(id: "c", model: "deepseek-r1"), .reasoningDelta("Hmm."), .textDelta("Hi"), .textDelta(" there"),
            .finish(.stop), .usage(Usage(inputTokens: 3, outputTokens: 2)),
        ])
        #expect(!decoder.isDone)
    }

    @Test("an error data event mid-stream throws the upstream's error; garbage throws bad_response")
    func errors() throws {
        var decoder = OpenAIStreamDecoder()
        try decoder.decode(Array(#"{"id":"c","choices":[{"index":0,"delta":{"content":"Hi"}}]}"#.utf8)) { _ in }
        let error = #"{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}"#
        #expect {
            try decoder.decode(Array(error.utf8)) { _ in }
        } throws: { ($0 as? LLMError)?.code == .serverError && ($0 as? LLMError)?.upstreamType == "server_error" }
        #expect {
            try decoder.decode(Array(#"{"id":"c","choices":[{"index":0,"delta":{"content":"Hi""#.utf8)) { _ in }
        } throws: { ($0 as? LLMError)?.code == .badResponse }
    }

    @Test("neutral events encode to chunks that decode back to the same response")
    func encodeRoundTrip() throws {
        let events: [ChatStreamEvent] = [
            .messageStart(id: "msg_1", model: "claude-x"),
            .reasoningDelta("plan"),
            .reasoningSignature("sig"),
            .textDelta("Checking \"both\"\n"),
            .toolCallStart(index: 0, id: "toolu_1", name: "a"),
            .toolCallArgumentsDelta(index: 0, #"{"q":"#),
            .toolCallArgumentsDelta(index: 0, #"1}"#),
            .toolCallEnd(index: 0),
            .toolCallStart(index: 1, id: "toolu_2", name: "b"),
            .toolCallEnd(index: 1),
            .usage(Usage(inputTokens: 9, outputTokens: 4, cacheReadTokens: 3)),
            .finish(.toolCalls),
        ]
        var encoder = OpenAIStreamEncoder(id: "x", model: "y", created: 5, includeUsage: true)
        var chunks = events.compactMap { encoder.encode($0) }
        chunks.append(try #require(encoder.finish()))
        var decoder = OpenAIStreamDecoder()
        var original = ChatResponseAccumulator()
        var decoded = ChatResponseAccumulator()
        for event in events { original.add(event) }
        for chunk in chunks { try decoder.decode(chunk) { decoded.add($0) } }
        var expected = original.response
        expected.message.content = [.reasoning(text: "plan", signature: nil), .text("Checking \"both\"\n")]
        #expect(decoded.response == expected)
    }
}
