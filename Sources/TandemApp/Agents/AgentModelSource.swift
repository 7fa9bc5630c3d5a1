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

    /// What `usage` of `model` cost by `router`'s price table (the model's first deployment, then the name itself),
    /// for ``AgentRunner/pricing``: streamed turns report usage but no cost.
    /// - Returns: US dollars, or `nil` when the table does not know the model.
    public static func cost(of usage: Usage, model: String, router: Router) -> Double? {
        if let deployment = try? router.registry.resolve(model).deployments.first?.model,
            let cost = router.prices.cost(of: usage, model: deployment)
        {
            return cost.total
        }
        return router.prices.cost(of: usage, model: model)?.total
    }
}
