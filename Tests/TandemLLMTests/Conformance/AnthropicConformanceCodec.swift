import TandemCore

@testable import TandemLLM

/// Anthropic Messages: requests through `AnthropicMessagesWire.encodeRequest`/`decodeRequest`, responses through the
/// Messages JSON, streams through Messages stream events (`AnthropicStreamEncoder` -> `AnthropicStreamDecoder`).
struct AnthropicConformanceCodec: ConformanceCodec {
    var name: String { "anthropic" }

    func roundTrip(_ request: ChatRequest) throws -> ChatRequest {
        try AnthropicMessagesWire.decodeRequest(AnthropicMessagesWire.encodeRequest(request)).request
    }

    func roundTrip(_ response: ChatResponse) throws -> ChatResponse {
        try AnthropicMessagesWire.decodeResponse(AnthropicMessagesWire.encodeResponse(response))
    }

    func streamRoundTrip(_ response: ChatResponse) async throws -> ChatResponse {
        var encoder = AnthropicStreamEncoder(id: response.id, model: response.model)
        var payloads: [[UInt8]] = []
        for event in ConformanceEvents.events(for: response) { encoder.encode(event) { payloads.append($1) } }
        encoder.finish { payloads.append($1) }
        var decoder = AnthropicStreamDecoder()
        var events: [ChatStreamEvent] = []
        for payload in payloads { try decoder.decode(payload) { events.append($0) } }
        return try await ChatStream(events: events).collect(model: response.model)
    }

    /// Anthropic lifts system messages to the front, has no message `name`, refuses reasoning without a signature, and
    /// has no response format: a JSON schema travels as a tool the model must call (see `AnthropicMessagesWire`), so
    /// a server reading the request sees that tool.
    func expected(_ request: ChatRequest) -> ChatRequest {
        var expected = request
        if case .jsonSchema(let name, let schema, _) = expected.responseFormat {
            expected.responseFormat = .text
            expected.tools.append(
                ToolDefinition(name: name, description: "Give the answer as this tool's input.", parameters: schema)
            )
            expected.toolChoice = .tool(name)
        }
        let system = expected.messages.filter { $0.role == .system }
        expected.messages = system + expected.messages.filter { $0.role != .system }
        for index in expected.messages.indices {
            expected.messages[index].name = nil
            expected.messages[index].content.removeAll {
                if case .reasoning(_, nil) = $0 { return true }
                return false
            }
        }
        return expected
    }
}
