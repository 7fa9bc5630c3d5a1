/// The Anthropic Messages wire format, both directions: requests, responses, stream events and error bodies.
///
/// System messages are lifted into the top-level `system` field (one text block each when there are several);
/// consecutive neutral tool messages become one user turn of `tool_result` blocks (a user message right after them
/// joins that turn) and are split back on decoding. A ``ResponseFormat/jsonSchema(name:schema:strict:)`` format
/// becomes a tool of that name that the model is made to call; the decoders turn its call back into text.
///
/// Dropped on the way out: reasoning parts without a signature (Anthropic refuses unsigned thinking blocks),
/// `redacted_thinking` blocks on the way in, tool arguments that are not a JSON object (sent as `{}`).
package enum AnthropicMessagesWire {
    /// The provider name put on errors.
    package static let provider = "anthropic"

    /// The `max_tokens` sent when the request has none (Anthropic requires one).
    package static let defaultMaxTokens = 4096

    /// How a request is encoded.
    package struct RequestOptions: Sendable {
        /// Whether to ask for a stream (`stream: true`).
        package var stream: Bool
        /// `max_tokens` when ``ChatRequest/maxTokens`` is `nil`.
        package var defaultMaxTokens: Int

        package init(stream: Bool = false, defaultMaxTokens: Int = AnthropicMessagesWire.defaultMaxTokens) {
            self.stream = stream
            self.defaultMaxTokens = defaultMaxTokens
        }
    }

    /// A request as an Anthropic SDK sent it: the neutral request and the streaming flag.
    package struct DecodedRequest: Sendable, Hashable {
        package var request: ChatRequest
        /// `stream: true`.
        package var stream: Bool

        package init(request: ChatRequest, stream: Bool) {
            self.request = request
            self.stream = stream
        }
    }

    /// The name of the tool that carries a JSON-schema answer for `request`, if it asks for one.
    package static func responseFormatTool(for request: ChatRequest) -> String? {
        if case .jsonSchema(let name, _, _) = request.responseFormat { return name }
        return nil
    }

    /// Neutral usage from Anthropic's counts (input counts cached tokens too, as OpenAI's does).
    static func usage(input: Int, output: Int, cacheRead: Int, cacheWrite: Int) -> Usage {
        Usage(
            inputTokens: input + cacheRead + cacheWrite,
            outputTokens: output,
            cacheReadTokens: cacheRead,
            cacheWriteTokens: cacheWrite
        )
    }

    /// The neutral reason for an Anthropic `stop_reason`.
    static func finishReason(_ text: String) -> FinishReason {
        switch text {
        case "end_turn", "stop_sequence": .stop
        case "max_tokens": .length
        case "tool_use": .toolCalls
        case "refusal": .contentFilter
        default: .other(text)
        }
    }

    /// The Anthropic `stop_reason` for a neutral reason.
    static func stopReasonText(_ reason: FinishReason) -> String {
        switch reason {
        case .stop: "end_turn"
        case .length: "max_tokens"
        case .toolCalls: "tool_use"
        case .contentFilter: "refusal"
        case .other(let text): text
        }
    }

    /// Writes an Anthropic `usage` object for neutral usage.
    static func writeUsage(_ usage: Usage, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("input_tokens")
        writer.int(max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens))
        writer.key("output_tokens")
        writer.int(usage.outputTokens)
        writer.key("cache_creation_input_tokens")
        writer.int(usage.cacheWriteTokens)
        writer.key("cache_read_input_tokens")
        writer.int(usage.cacheReadTokens)
        writer.endObject()
    }

    /// Writes tool arguments as a JSON object: the text itself when it is one, else `{}`.
    static func writeArguments(_ arguments: String, to writer: inout JSONWriter) {
        var scanner = JSONScanner(arguments)
        if (try? scanner.peekKind()) == .object && JSONScanner.isValidJSON(arguments) {
            writer.raw(arguments.trimmingASCIIWhitespace())
        } else {
            writer.beginObject()
            writer.endObject()
        }
    }
}
