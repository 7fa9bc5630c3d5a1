/// Picks one deployment of a model for an attempt: the session's pinned one if it is available, else by strategy
/// (weighted random, or least latency with untried deployments first), preferring deployments this request has
/// not tried yet.
public struct DeploymentPicker: Sendable {
    /// One deployment as the picker sees it.
    public struct Candidate: Sendable, Hashable {
        /// The deployment's id.
        public var id: String
        /// Its weight (positive).
        public var weight: Double
        /// Whether its breaker lets a request through now.
        public var isAvailable: Bool
        /// Its recent latency, when it has answered before.
        public var latency: Duration?

        /// Creates a candidate.
        public init(id: String, weight: Double, isAvailable: Bool = true, latency: Duration? = nil) {
            self.id = id
            self.weight = weight
            self.isAvailable = isAvailable
            self.latency = latency
        }
    }

    /// The strategy.
    public var strategy: RoutingStrategy

    /// A picker.
    public init(strategy: RoutingStrategy) {
        self.strategy = strategy
    }

    /// The index of the chosen candidate, or `nil` when none is available.
    ///
    /// - Parameters:
    ///   - candidates: The model's deployments.
    ///   - tried: Ids this request already tried (used only when nothing else is available).
    ///   - pinned: The session's deployment, if any.
    ///   - random: A uniform draw in `0..<1`.
    public func pick(_ candidates: [Candidate], tried: Set<String> = [], pinned: String? = nil, random: Double) -> Int? {
        let available = candidates.indices.filter { candidates[$0].isAvailable }
        guard !available.isEmpty else { return nil }
        let fresh = available.filter { !tried.contains(candidates[$0].id) }
        let pool = fresh.isEmpty ? available : fresh
        if let pinned, let index = pool.first(where: { candidates[$0].id == pinned }) { return index }
        switch self.strategy {
        case .weighted:
            return Self.weighted(pool, candidates, random: random)
        case .leastLatency:
            let untried = pool.filter { candidates[$0].latency == nil }
            if !untried.isEmpty { return Self.weighted(untried, candidates, random: random) }
            let best = pool.compactMap { candidates[$0].latency }.min()
            let fastest = pool.filter { candidates[$0].latency == best }
            return Self.weighted(fastest, candidates, random: random)
        }
    }

    private static func weighted(_ pool: [Int], _ candidates: [Candidate], random: Double) -> Int {
        let total = pool.reduce(0) { $0 + candidates[$1].weight }
        var target = min(max(random, 0), 1) * total
        for index in pool {
            target -= candidates[index].weight
            if target < 0 { return index }
        }
        return pool[pool.count - 1]
    }
}
