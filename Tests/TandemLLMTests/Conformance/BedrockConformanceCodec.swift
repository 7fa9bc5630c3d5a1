import TandemAWS
import TandemCore

@testable import TandemLLM

/// Bedrock Converse: requests through `BedrockConverse.requestBody` and back, responses through the Converse
/// response JSON, streams through ConverseStream event-stream frames (encoded, decoded by TandemAWS, then by
/// `BedrockStreamDecoder`).
struct BedrockConformanceCodec: ConformanceCodec {
    var name: String { "bedrock" }

    func roundTrip(_ request: ChatRequest) throws -> ChatRequest {
        let bytes = BedrockConverse.bytes(of: try BedrockConverse.requestBody(for: request))
        return try BedrockConverse.chatRequest(from: try JSONValue(parsing: String(decoding: bytes, as: UTF8.self)), modelID: request.model)
    }

    func roundTrip(_ response: ChatResponse) throws -> ChatResponse {
        let bytes = BedrockConverse.bytes(of: try BedrockConverse.responseBody(for: response))
        return try BedrockConverse.chatResponse(from: bytes, modelID: response.model, requestID: response.id)
    }

    func streamRoundTrip(_ response: ChatResponse) async throws -> ChatResponse {
        let messages = try BedrockStreamEncoder(chunkSize: 5).messages(for: response)
        let frames = try messages.flatMap { try EventStreamEncoder().encode($0) }
        var frameDecoder = EventStreamDecoder()
        var decoder = BedrockStreamDecoder(modelID: response.model, requestID: response.id)
        var events: [ChatStreamEvent] = []
        for start in stride(from: 0, to: frames.count, by: 11) {
            frameDecoder.append(frames[start..<min(frames.count, start + 11)])
            while let message = try frameDecoder.next() { events += try decoder.decode(message) }
        }
        try frameDecoder.finish()
        return try await ChatStream(events: events).collect(model: response.model)
    }

    /// Converse lifts system messages to the front, has no `parallelToolCalls`, `user`, message `name`, nor
    /// `tool_choice: none` (the tools are left out instead, while no tool blocks are in the conversation); its
    /// structured output is always strict.
    func expected(_ request: ChatRequest) -> ChatRequest {
        var expected = request
        let system = expected.messages.filter { $0.role == .system }
        expected.messages = system + expected.messages.filter { $0.role != .system }
        for index in expected.messages.indices { expected.messages[index].name = nil }
        expected.parallelToolCalls = nil
        expected.user = nil
        if expected.toolChoice == ToolChoice.none {
            expected.toolChoice = nil
            let hasToolBlocks = expected.messages.contains { !$0.toolCalls.isEmpty || $0.role == .tool }
            if !hasToolBlocks { expected.tools = [] }
        }
        if case .jsonSchema(let name, let schema, _) = expected.responseFormat {
            expected.responseFormat = .jsonSchema(name: name, schema: schema, strict: true)
        }
        return expected
    }
}
