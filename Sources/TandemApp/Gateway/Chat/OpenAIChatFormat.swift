#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import TandemLLM

/// `POST /v1/chat/completions` over TandemLLM's OpenAI codec.
enum OpenAIChatFormat: ChatWireFormat {
    static let frontDoor = FrontDoor.openAI
    static let route = "/v1/chat/completions"

    static func decode(_ body: [UInt8]) throws(GatewayError) -> DecodedChat {
        do {
            let decoded = try OpenAIChatWire.decodeRequest(body)
            return DecodedChat(request: decoded.request, stream: decoded.stream, includeUsage: decoded.includeUsage)
        } catch {
            throw GatewayError.fromDecoding(error)
        }
    }

    static func encode(_ response: ChatResponse, request: DecodedChat) -> [UInt8] {
        OpenAIChatWire.encodeResponse(response, created: Int(time(nil)))
    }

    static func frameEncoder(for request: DecodedChat, id: String) -> Encoder {
        Encoder(
            base: OpenAIStreamEncoder(
                id: "chatcmpl-\(id)",
                model: request.request.model,
                created: Int(time(nil)),
                includeUsage: request.includeUsage
            )
        )
    }

    struct Encoder: ChatFrameEncoder {
        var base: OpenAIStreamEncoder

        mutating func append(_ event: ChatStreamEvent, to buffer: inout ByteBuffer) {
            guard let payload = self.base.encode(event) else { return }
            buffer.writeString("data: ")
            buffer.writeBytes(payload)
            buffer.writeString("\n\n")
        }

        mutating func appendEnd(to buffer: inout ByteBuffer) {
            if let payload = self.base.finish() {
                buffer.writeString("data: ")
                buffer.writeBytes(payload)
                buffer.writeString("\n\n")
            }
            buffer.writeString("data: [DONE]\n\n")
        }
    }
}
