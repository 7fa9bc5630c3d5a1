/// A call the model asked for: the provider's id, the tool's name and the arguments as JSON text.
///
/// Arguments are kept as the exact text the model produced (OpenAI streams them as text fragments, and invalid JSON
/// from a model must reach the agent loop as such); ``ToolCall/argumentsValue()`` parses them.
public struct ToolCall: Sendable, Hashable {
    /// The provider's id for this call (`call_...`, `toolu_...`, Bedrock `tooluse_...`), echoed by the result.
    public var id: String
    /// The tool's name.
    public var name: String
    /// The arguments object as JSON text.
    public var arguments: String

    /// Creates a tool call.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
