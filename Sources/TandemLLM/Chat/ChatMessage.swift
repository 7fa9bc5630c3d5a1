/// One message of a conversation.
///
/// Tool results are messages of role ``ChatRole/tool`` with ``toolCallID`` set (one per result, as OpenAI sends
/// them); Anthropic's and Bedrock's translators merge consecutive results into one user turn and split them back.
public struct ChatMessage: Sendable, Hashable {
    /// Who wrote it.
    public var role: ChatRole
    /// Text, image and reasoning parts, in order.
    public var content: [ContentPart]
    /// Calls the assistant asked for (assistant messages only), in the order the model made them.
    public var toolCalls: [ToolCall]
    /// The call this message answers (tool messages only).
    public var toolCallID: String?
    /// Whether this tool result reports a failure (Anthropic `is_error`, Bedrock `status: error`).
    public var isError: Bool
    /// An optional participant name (OpenAI `name`).
    public var name: String?

    /// Creates a message.
    public init(
        role: ChatRole,
        content: [ContentPart],
        toolCalls: [ToolCall] = [],
        toolCallID: String? = nil,
        isError: Bool = false,
        name: String? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.isError = isError
        self.name = name
    }

    /// A system message with text.
    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: [.text(text)]) }

    /// A user message with text.
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: [.text(text)]) }

    /// An assistant message with text and, optionally, tool calls.
    public static func assistant(_ text: String?, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text.map { [.text($0)] } ?? [], toolCalls: toolCalls)
    }

    /// The result of the tool call `id`.
    public static func toolResult(id: String, _ text: String, isError: Bool = false) -> ChatMessage {
        ChatMessage(role: .tool, content: [.text(text)], toolCallID: id, isError: isError)
    }

    /// The message's text parts joined (reasoning and images left out).
    public var text: String { self.content.compactMap(\.text).joined() }
}
