import TandemLLM

/// How the conversation stores write messages: as the `messages` of an OpenAI Chat Completions body
/// (`{"model":"","messages":[...]}`), the format the chat arrived in, so text, images, tool calls and tool results
/// survive the round trip.
enum ChatTranscriptCodec {
    static func encode(_ messages: [ChatMessage]) -> String {
        String(decoding: OpenAIChatWire.encodeRequest(ChatRequest(model: "", messages: messages)), as: UTF8.self)
    }

    /// - Throws: ``ChatSocketError`` (`internal_error`) when the stored text is not such a body.
    static func decode(_ text: String) throws(ChatSocketError) -> [ChatMessage] {
        do {
            return try OpenAIChatWire.decodeRequest(Array(text.utf8)).request.messages
        } catch {
            throw ChatSocketError(.internal, "a stored conversation turn is corrupt: \(error.message)")
        }
    }
}
