import NIOCore
import TandemLLM

/// A chat API's wire format as a front door needs it: decode the client's request, encode the answer, and encode
/// stream events as SSE frames. The codecs themselves live in TandemLLM's `Wire/`; formats here only adapt them.
protocol ChatWireFormat: Sendable {
    associatedtype FrameEncoder: ChatFrameEncoder

    /// The API, for errors and heartbeats.
    static var frontDoor: FrontDoor { get }
    /// The route label for metrics.
    static var route: String { get }

    /// Reads a request body.
    /// - Throws: ``GatewayError`` 400 naming the field.
    static func decode(_ body: [UInt8]) throws(GatewayError) -> DecodedChat

    /// The non-streaming answer's body.
    static func encode(_ response: ChatResponse, request: DecodedChat) -> [UInt8]

    /// An encoder for one stream's frames.
    static func frameEncoder(for request: DecodedChat, id: String) -> FrameEncoder
}

/// A decoded chat request and how the client wants the answer.
struct DecodedChat: Sendable {
    var request: ChatRequest
    var stream: Bool
    var includeUsage: Bool
}

/// Turns stream events into SSE frames, appended to a buffer.
protocol ChatFrameEncoder: Sendable {
    /// The frames for `event` (none for events the format has no frame for).
    mutating func append(_ event: ChatStreamEvent, to buffer: inout ByteBuffer)
    /// The frames that end a stream that finished normally.
    mutating func appendEnd(to buffer: inout ByteBuffer)
}

extension FrontDoor {
    /// The heartbeat frame: an SSE comment for OpenAI, a `ping` event for Anthropic.
    func appendHeartbeat(to buffer: inout ByteBuffer) {
        switch self {
        case .openAI: buffer.writeString(": keep-alive\n\n")
        case .anthropic: buffer.writeString("event: ping\ndata: {\"type\": \"ping\"}\n\n")
        }
    }

    /// The terminal error frame: `data: {"error":...}` (never followed by `[DONE]`), or an Anthropic `error` event.
    func appendError(_ error: GatewayError, to buffer: inout ByteBuffer) {
        switch self {
        case .openAI: buffer.writeString("data: ")
        case .anthropic: buffer.writeString("event: error\ndata: ")
        }
        buffer.writeBytes(error.body(for: self))
        buffer.writeString("\n\n")
    }
}
