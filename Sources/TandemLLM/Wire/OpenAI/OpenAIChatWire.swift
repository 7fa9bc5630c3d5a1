/// The OpenAI Chat Completions wire format, both directions: requests, responses and stream chunks.
///
/// Providers encode requests and decode responses; the gateway decodes requests from OpenAI SDKs and encodes
/// responses and chunks for them. Everything here is pure: bytes in, values out.
///
/// What the neutral types cannot carry is dropped on the way out: reasoning parts of assistant messages in a request
/// (OpenAI does not accept them back), `isError` of tool results (OpenAI has no such flag), reasoning signatures.
package enum OpenAIChatWire {
    /// The provider name put on errors.
    package static let provider = "openai"

    /// Which field carries the token limit: OpenAI's reasoning models accept only `max_completion_tokens`, while
    /// many OpenAI-compatible servers know only `max_tokens`.
    package enum MaxTokensField: Sendable {
        case maxTokens
        case maxCompletionTokens
    }

    /// How a request is encoded.
    package struct RequestOptions: Sendable {
        /// Whether to ask for a stream (`stream: true`).
        package var stream: Bool
        /// Whether a stream should end with a usage chunk (`stream_options.include_usage`).
        package var includeUsage: Bool
        /// The field for ``ChatRequest/maxTokens``.
        package var maxTokensField: MaxTokensField

        package init(stream: Bool = false, includeUsage: Bool = true, maxTokensField: MaxTokensField = .maxTokens) {
            self.stream = stream
            self.includeUsage = includeUsage
            self.maxTokensField = maxTokensField
        }
    }

    /// A request as an OpenAI SDK sent it: the neutral request and the streaming flags.
    package struct DecodedRequest: Sendable, Hashable {
        package var request: ChatRequest
        /// `stream: true`.
        package var stream: Bool
        /// `stream_options.include_usage: true`.
        package var includeUsage: Bool

        package init(request: ChatRequest, stream: Bool, includeUsage: Bool) {
            self.request = request
            self.stream = stream
            self.includeUsage = includeUsage
        }
    }
}
