import NIOCore
import TandemLLM

/// `POST /v1/messages` over TandemLLM's Anthropic codec: the full event sequence (`message_start`,
/// `content_block_start`/`delta`/`stop`, `message_delta`, `message_stop`), `ping` heartbeats, `error` events.
enum AnthropicMessagesFormat: ChatWireFormat {
    static let frontDoor = FrontDoor.anthropic
    static let route = "/v1/messages"

    static func decode(_ body: [UInt8]) throws(GatewayError) -> DecodedChat {
        do {
            let decoded = try AnthropicMessagesWire.decodeRequest(body)
            return DecodedChat(request: decoded.request, stream: decoded.stream, includeUsage: true)
        } catch {
            throw GatewayError.fromDecoding(error)
        }
    }

    static func encode(_ response: ChatResponse, request: DecodedChat) -> [UInt8] {
        AnthropicMessagesWire.encodeResponse(response)
    }

    static func frameEncoder(for request: DecodedChat, id: String) -> Encoder {
        Encoder(base: AnthropicStreamEncoder(id: "msg_\(id)", model: request.request.model))
    }

    struct Encoder: ChatFrameEncoder {
        var base: AnthropicStreamEncoder

        mutating func append(_ event: ChatStreamEvent, to buffer: inout ByteBuffer) {
            self.base.encode(event) { name, data in Self.frame(name, data, &buffer) }
        }

        mutating func appendEnd(to buffer: inout ByteBuffer) {
            self.base.finish { name, data in Self.frame(name, data, &buffer) }
        }

        private static func frame(_ name: String, _ data: [UInt8], _ buffer: inout ByteBuffer) {
            buffer.writeString("event: ")
            buffer.writeString(name)
            buffer.writeString("\ndata: ")
            buffer.writeBytes(data)
            buffer.writeString("\n\n")
        }
    }
}
