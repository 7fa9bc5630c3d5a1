import TandemCore
import Testing

@testable import TandemLLM

@Suite("Accumulating a stream into a response")
struct ChatResponseAccumulatorTests {
    @Test("interleaved parallel tool calls are concatenated per index and ordered by index; last usage wins")
    func parallelToolCalls() async throws {
        let stream = ChatStream(events: [
            .messageStart(id: "msg_1", model: "m"),
            .textDelta("Let me "),
            .textDelta("check."),
            .toolCallStart(index: 1, id: "call_b", name: "time"),
            .toolCallStart(index: 0, id: "call_a", name: "weather"),
            .toolCallArgumentsDelta(index: 0, #"{"city":"#),
            .toolCallArgumentsDelta(index: 1, #"{"tz":"UTC"}"#),
            .toolCallArgumentsDelta(index: 0, #""Oslo"}"#),
            .toolCallEnd(index: 0),
            .toolCallEnd(index: 1),
            .usage(Usage(inputTokens: 10, outputTokens: 1)),
            .usage(Usage(inputTokens: 10, outputTokens: 7)),
            .finish(.toolCalls),
        ])
        let response = try await stream.collect()
        #expect(response.id == "msg_1")
        #expect(response.message.text == "Let me check.")
        #expect(
            response.message.toolCalls == [
                ToolCall(id: "call_a", name: "weather", arguments: #"{"city":"Oslo"}"#),
                ToolCall(id: "call_b", name: "time", arguments: #"{"tz":"UTC"}"#),
            ]
        )
        #expect(response.usage == Usage(inputTokens: 10, outputTokens: 7))
        #expect(response.finishReason == .toolCalls)
        #expect(try response.message.toolCalls[0].argumentsValue()["city"]?.stringValue == "Oslo")
    }

    @Test("reasoning and text stay separate parts in order; a terminal error is thrown by collect")
    func reasoningAndError() async throws {
        var accumulator = ChatResponseAccumulator(model: "fallback-name")
        for event: ChatStreamEvent in [
            .reasoningDelta("think "), .reasoningDelta("more"), .reasoningSignature("sig"), .textDelta("answer"),
        ] {
            accumulator.add(event)
        }
        #expect(accumulator.hasContent)
        #expect(
            accumulator.response.message.content == [.reasoning(text: "think more", signature: "sig"), .text("answer")]
        )
        #expect(accumulator.response.model == "fallback-name")
        #expect(accumulator.response.finishReason == .stop)

        let failing = ChatStream(events: [.textDelta("par"), .error(LLMError(.serverError, "cut", provider: "p"))])
        await #expect(throws: LLMError.self) { try await failing.collect() }
    }

    @Test("HTTP statuses map to retryable or final codes")
    func statusCodes() {
        #expect(LLMError(.forStatus(429), "x").isRetryable)
        #expect(LLMError(.forStatus(529), "x").code == .overloaded)
        #expect(LLMError(.forStatus(500), "x").isRetryable)
        #expect(!LLMError(.forStatus(400), "x").isRetryable)
        #expect(!LLMError(.forStatus(401), "x").isRetryable)
        #expect(LLMError(.invalidRequest, "x", status: 408).isRetryable)
    }
}
