import TandemCore

@testable import TandemLLM

/// OpenAI Chat Completions: requests through `OpenAIChatWire.encodeRequest`/`decodeRequest`, responses through the
/// chat completion JSON, streams through `chat.completion.chunk` payloads (`OpenAIStreamEncoder` ->
/// `OpenAIStreamDecoder`, ending with `[DONE]`).
struct OpenAIConformanceCodec: ConformanceCodec {
    var name: String { "openai" }

    func roundTrip(_ request: ChatRequest) throws -> ChatRequest {
        try OpenAIChatWire.decodeRequest(OpenAIChatWire.encodeRequest(request)).request
    }

    func roundTrip(_ response: ChatResponse) throws -> ChatResponse {
        try OpenAIChatWire.decodeResponse(OpenAIChatWire.encodeResponse(response, created: 1_700_000_000))
    }

    func streamRoundTrip(_ response: ChatResponse) async throws -> ChatResponse {
        var encoder = OpenAIStreamEncoder(id: response.id, model: response.model, created: 1_700_000_000, includeUsage: true)
        var payloads: [[UInt8]] = ConformanceEvents.events(for: response).compactMap { encoder.encode($0) }
        if let last = encoder.finish() { payloads.append(last) }
        payloads.append(Array("[DONE]".utf8))
        var decoder = OpenAIStreamDecoder()
        var events: [ChatStreamEvent] = []
        for payload in payloads { try decoder.decode(payload) { events.append($0) } }
        return try await ChatStream(events: events).collect(model: response.model)
    }

    /// OpenAI has no error flag on tool results and takes no reasoning back in requests (see `OpenAIChatWire`).
    func expected(_ request: ChatRequest) -> ChatRequest {
        var expected = request
        for index in expected.messages.indices {
            expected.messages[index].isError = false
            if expected.messages[index].role == .assistant {
                expected.messages[index].content.removeAll {
                    if case .reasoning = $0 { return true }
                    return false
                }
            }
        }
        return expected
    }
}

extension OpenAIConformanceCodec {
    /// OpenAI-compatible responses carry reasoning text (`reasoning_content`) but no signature.
    func expected(_ response: ChatResponse) -> ChatResponse {
        var expected = response
        expected.message.content = expected.message.content.map {
            if case .reasoning(let text, _) = $0 { return .reasoning(text: text, signature: nil) }
            return $0
        }
        return expected
    }
}
