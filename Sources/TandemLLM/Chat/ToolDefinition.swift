public import TandemCore

/// A tool the model may call: a name, a description for the model, and a JSON Schema for its arguments.
public struct ToolDefinition: Sendable, Hashable {
    /// The tool's name (`^[a-zA-Z0-9_-]{1,64}$` is accepted by every provider).
    public var name: String
    /// What the tool does, for the model.
    public var description: String?
    /// The JSON Schema of the arguments object (`{"type":"object","properties":{...}}`).
    public var parameters: JSONValue
    /// OpenAI `strict` mode for the schema, when set.
    public var strict: Bool?

    /// Creates a tool definition.
    public init(name: String, description: String? = nil, parameters: JSONValue, strict: Bool? = nil) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.strict = strict
    }
}
