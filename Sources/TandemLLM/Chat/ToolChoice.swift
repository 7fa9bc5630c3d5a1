/// Whether and which tools the model must call.
public enum ToolChoice: Sendable, Hashable {
    /// The model decides (the default when tools are given).
    case auto
    /// The model must call at least one tool (OpenAI `required`, Anthropic and Bedrock `any`).
    case any
    /// The model must not call tools.
    case none
    /// The model must call this tool.
    case tool(String)
}
