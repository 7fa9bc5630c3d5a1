import TandemCore

@testable import TandemLLM

/// One provider's wire format as the conformance suite drives it: neutral values out to the provider's bytes and
/// back, for requests, responses and streams, plus what the format is known to lose.
protocol ConformanceCodec: Sendable {
    /// `openai`, `anthropic`, `bedrock`.
    var name: String { get }

    /// Neutral request -> the provider's request body -> neutral request (as a server of that API reads it).
    func roundTrip(_ request: ChatRequest) throws -> ChatRequest

    /// Neutral response -> the provider's response body -> neutral response (as a client of that API reads it).
    func roundTrip(_ response: ChatResponse) throws -> ChatResponse

    /// Neutral response -> the provider's stream bytes -> the provider's stream decoder -> collected response.
    func streamRoundTrip(_ response: ChatResponse) async throws -> ChatResponse

    /// The request as it comes back from ``roundTrip(_:)-(ChatRequest)``, by the format's documented losses.
    func expected(_ request: ChatRequest) -> ChatRequest

    /// The response as it comes back, by the format's documented losses.
    func expected(_ response: ChatResponse) -> ChatResponse
}

extension ConformanceCodec {
    func expected(_ response: ChatResponse) -> ChatResponse { response }
}

/// The neutral events a provider would stream for `response` (the shape every stream encoder takes).
enum ConformanceEvents {
    static func events(for response: ChatResponse) -> [ChatStreamEvent] {
        var events: [ChatStreamEvent] = [.messageStart(id: response.id, model: response.model)]
        for part in response.message.content {
            switch part {
            case .text(let text):
                events += Self.pieces(text).map { .textDelta($0) }
            case .reasoning(let text, let signature):
                events += Self.pieces(text).map { .reasoningDelta($0) }
                if let signature { events.append(.reasoningSignature(signature)) }
            case .image:
                continue
            }
        }
        for (index, call) in response.message.toolCalls.enumerated() {
            events.append(.toolCallStart(index: index, id: call.id, name: call.name))
            events += Self.pieces(call.arguments).map { .toolCallArgumentsDelta(index: index, $0) }
            events.append(.toolCallEnd(index: index))
        }
        events.append(.finish(response.finishReason))
        events.append(.usage(response.usage))
        return events
    }

    /// `text` in pieces of 7 characters.
    static func pieces(_ text: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(7)))
            rest = rest.dropFirst(7)
        }
        return pieces
    }
}
