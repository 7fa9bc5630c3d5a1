public import TandemCore

/// A provider-neutral chat request.
///
/// System instructions are ``ChatRole/system`` messages anywhere in ``messages`` (Anthropic's and Bedrock's
/// translators lift them into their top-level `system` field, in order).
public struct ChatRequest: Sendable, Hashable {
    /// The model as the caller named it: an alias, `provider/model`, or the provider's own id once routed.
    public var model: String
    /// The conversation.
    public var messages: [ChatMessage]
    /// Tools the model may call.
    public var tools: [ToolDefinition]
    /// Whether and which tools the model must call (`nil`: the provider's default).
    public var toolChoice: ToolChoice?
    /// Whether the model may make several tool calls in one turn (`nil`: the provider's default, which is yes).
    public var parallelToolCalls: Bool?
    /// The answer's format.
    public var responseFormat: ResponseFormat
    /// Sampling temperature.
    public var temperature: Double?
    /// Nucleus sampling.
    public var topP: Double?
    /// The most tokens to generate (Anthropic requires one; its translator uses a default when `nil`).
    public var maxTokens: Int?
    /// Stop sequences.
    public var stop: [String]
    /// An end-user id for the provider's abuse monitoring (OpenAI `user`, Anthropic `metadata.user_id`).
    public var user: String?
    /// Provider-specific fields passed through unchanged into the upstream body (for example `reasoning_effort`
    /// or Anthropic's `thinking`); a translator drops the ones its provider cannot take.
    public var extra: [String: JSONValue]

    /// Creates a request.
    public init(
        model: String,
        messages: [ChatMessage],
        tools: [ToolDefinition] = [],
        toolChoice: ToolChoice? = nil,
        parallelToolCalls: Bool? = nil,
        responseFormat: ResponseFormat = .text,
        temperature: Double? = nil,
        topP: Double? = nil,
        maxTokens: Int? = nil,
        stop: [String] = [],
        user: String? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.parallelToolCalls = parallelToolCalls
        self.responseFormat = responseFormat
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stop = stop
        self.user = user
        self.extra = extra
    }
}
