/// Turns the model string a caller sends into deployments: a configured name, an alias, or `provider/model`
/// (`openai/gpt-4o-mini`, `anthropic/claude-haiku-4-5`, `bedrock/<model id or ARN>`, `hosted/<model>`,
/// `local/<model>`), which works with no configuration at all; bare well-known ids (`gpt-*`, `o3`, `claude-*`,
/// `text-embedding-*`) are recognised too.
public struct ModelRegistry: Sendable {
    private var groups: [String: ModelGroup]
    private var aliases: [String: String]
    private let environment: [String: String]
    private let strategy: RoutingStrategy

    /// A registry for `configuration`, with provider defaults (base URLs, region) from `environment`.
    ///
    /// - Throws: A `TandemError` with code `invalid_configuration` naming the field (see
    ///   ``RouterConfiguration/validate(at:)``).
    public init(configuration: RouterConfiguration, environment: [String: String]) throws {
        try configuration.validate()
        self.environment = environment
        self.aliases = configuration.aliases
        self.strategy = configuration.strategy
        self.groups = [:]
        var ids = DeploymentIDs()
        for model in configuration.models {
            var seen: [String: Int] = [:]
            let deployments = model.deployments.map { entry -> Deployment in
                let kind = ProviderKind(rawValue: entry.provider) ?? .openai  // validated above
                var deployment = Deployment(
                    id: "",
                    displayName: entry.name,
                    kind: kind,
                    model: entry.model,
                    baseURL: entry.baseURL ?? kind.defaultBaseURL(in: environment),
                    apiKeyVariable: entry.apiKeyEnv ?? kind.defaultAPIKeyVariable,
                    region: kind == .bedrock ? (entry.region ?? Self.region(in: environment)) : nil,
                    weight: entry.weight
                )
                var id = entry.name ?? ids.id(for: deployment)
                let count = seen[id, default: 0]
                seen[id] = count + 1
                if count > 0 { id += "#\(count + 1)" }
                deployment.id = id
                return deployment
            }
            self.groups[model.name] = ModelGroup(
                name: model.name,
                deployments: deployments,
                fallbacks: model.fallbacks,
                contextWindowFallbacks: model.contextWindowFallbacks,
                contentPolicyFallbacks: model.contentPolicyFallbacks,
                strategy: model.strategy ?? configuration.strategy
            )
        }
    }

    /// The configured model names.
    public var modelNames: [String] { self.groups.keys.sorted() }

    /// The deployments and fallbacks for `model`.
    ///
    /// - Throws: An ``LLMError`` with code ``LLMError/Code/notFound`` when nothing serves the name.
    public func resolve(_ model: String) throws(LLMError) -> ModelGroup {
        var name = model
        var hops = 0
        while let target = self.aliases[name], hops < 8 {
            name = target
            hops += 1
        }
        if let group = self.groups[name] { return group }
        if let deployment = self.implicitDeployment(for: name) {
            return ModelGroup(name: name, deployments: [deployment], strategy: self.strategy)
        }
        throw LLMError(
            .notFound,
            "no model named '\(model)': configure it, or use provider/model (openai/, anthropic/, bedrock/, hosted/, "
                + "local/)"
        )
    }

    /// A deployment for `provider/model` or a well-known bare id, configured from the environment alone.
    func implicitDeployment(for name: String) -> Deployment? {
        let kind: ProviderKind
        let model: String
        if let slash = name.firstIndex(of: "/"), let prefix = ProviderKind(rawValue: String(name[..<slash])) {
            kind = prefix
            model = String(name[name.index(after: slash)...])
        } else if let guessed = Self.guessKind(name) {
            kind = guessed
            model = name
        } else {
            return nil
        }
        guard !model.isEmpty else { return nil }
        return Deployment(
            id: "\(kind.rawValue)/\(model)",
            kind: kind,
            model: model,
            baseURL: kind.defaultBaseURL(in: self.environment),
            apiKeyVariable: kind.defaultAPIKeyVariable,
            region: kind == .bedrock ? Self.region(in: self.environment) : nil
        )
    }

    private static func guessKind(_ name: String) -> ProviderKind? {
        if name.hasPrefix("gpt-") || name.hasPrefix("text-embedding-") || name.hasPrefix("chatgpt-") { return .openai }
        if name.count >= 2, name.hasPrefix("o"), name.dropFirst().first?.isNumber == true { return .openai }
        if name.hasPrefix("claude-") { return .anthropic }
        return nil
    }

    private static func region(in environment: [String: String]) -> String? {
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return nil
    }
}
