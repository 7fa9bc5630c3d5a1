/// Ids for the configured deployments that have no name: `provider/model`, unless another endpoint already has that
/// id, then `provider/model@2`, `@3`, ... The router keeps breakers, latency and metrics by id, so two deployments
/// of one upstream model behind different base URLs (or keys, or regions) must not share one; the same endpoint
/// listed under two model names does share its id (and its breaker: it is one upstream).
struct DeploymentIDs {
    private struct Endpoint: Hashable {
        var kind: ProviderKind
        var model: String
        var baseURL: String?
        var apiKeyVariable: String?
        var region: String?
    }

    private var assigned: [Endpoint: String] = [:]
    private var taken: Set<String> = []

    /// The id of `deployment`, an unnamed deployment (its `id` is ignored).
    mutating func id(for deployment: Deployment) -> String {
        let endpoint = Endpoint(
            kind: deployment.kind,
            model: deployment.model,
            baseURL: deployment.baseURL,
            apiKeyVariable: deployment.apiKeyVariable,
            region: deployment.region
        )
        if let id = self.assigned[endpoint] { return id }
        let base = "\(deployment.kind.rawValue)/\(deployment.model)"
        var id = base
        var suffix = 1
        while self.taken.contains(id) {
            suffix += 1
            id = "\(base)@\(suffix)"
        }
        self.assigned[endpoint] = id
        self.taken.insert(id)
        return id
    }
}
