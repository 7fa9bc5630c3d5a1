/// What one tool call returned to the model: the result of a tool step, as it is checkpointed.
public struct AgentToolResult: Sendable, Hashable, Codable {
    /// The call this answers.
    public var callID: String
    /// The tool's name.
    public var name: String
    /// The content the model sees (JSON text for results, a sentence for errors).
    public var content: String
    /// Whether it reports a failure (unknown tool, bad arguments, an error, a timeout).
    public var isError: Bool
    /// A stable code for failures (`unknown_tool`, `invalid_arguments`, `tool_error`, `timeout`, ...).
    public var errorCode: String?

    /// Creates a result.
    public init(callID: String, name: String, content: String, isError: Bool = false, errorCode: String? = nil) {
        self.callID = callID
        self.name = name
        self.content = content
        self.isError = isError
        self.errorCode = errorCode
    }
}
