public import TandemLLM

/// Where an agent's model comes from, by name: `script:FILE` plays a ``ScriptedChatModel`` script; anything else is
/// routed by the ``TandemLLM/Router`` (`openai/gpt-4o-mini`, `anthropic/...`, `bedrock/...`, configured aliases).
public enum AgentModelSource {
    /// The provider for `model`.
    /// - Throws: ``TandemCore/TandemError`` when a script cannot be read, or the router's configuration error.
    public static func provider(for model: String, environment: [String: String]) throws -> any ChatProvider {
        if model.hasPrefix("script:") { return try ScriptedChatModel(contentsOf: String(model.dropFirst("script:".count))) }
        return try Router(environment: environment)
    }
}
