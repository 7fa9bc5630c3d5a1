import Synchronization

/// The router's shared mutable state behind one lock: a breaker and a latency average per deployment, the session
/// pins and the random source. Every method is short and synchronous; nothing awaits under the lock.
final class RouterState: Sendable {
    /// The outcome of asking for a deployment.
    enum Choice: Sendable {
        /// Use this deployment (its breaker was acquired: report the outcome with ``succeeded`` or ``failed``).
        case deployment(Deployment)
        /// Every deployment is cooling down; the earliest comes back at the instant.
        case coolingDown(until: ContinuousClock.Instant)
    }

    private struct State: Sendable {
        var breakers: [String: CircuitBreaker] = [:]
        var latency: [String: LatencyAverage] = [:]
        var sessions: SessionAffinityTable
        var random: RandomSource
    }

    private let state: Mutex<State>
    private let cooldown: CooldownPolicy
    private let affinity: Bool

    init(cooldown: CooldownPolicy, affinity: SessionAffinityConfiguration, random: RandomSource) {
        self.cooldown = cooldown
        self.affinity = affinity.enabled
        self.state = Mutex(
            State(
                sessions: SessionAffinityTable(ttl: .seconds(affinity.ttlSeconds), capacity: affinity.maxSessions),
                random: random
            )
        )
    }

    /// A uniform draw in `0..<1`.
    func random() -> Double {
        self.state.withLock { $0.random.unit() }
    }

    /// Picks and claims a deployment of `group` for one attempt.
    func choose(
        _ group: ModelGroup,
        tried: Set<String>,
        session: String?,
        now: ContinuousClock.Instant
    ) -> Choice {
        self.state.withLock { state in
            let candidates = group.deployments.map { deployment in
                DeploymentPicker.Candidate(
                    id: deployment.id,
                    weight: deployment.weight,
                    isAvailable: state.breakers[deployment.id]?.isAvailable(at: now) ?? true,
                    latency: state.latency[deployment.id]?.value
                )
            }
            let sessionKey = session.map { "\(group.name)\u{0}\($0)" }
            let pinned = self.affinity ? sessionKey.flatMap { state.sessions.deployment(for: $0, at: now) } : nil
            let draw = state.random.unit()
            let picker = DeploymentPicker(strategy: group.strategy)
            guard let index = picker.pick(candidates, tried: tried, pinned: pinned, random: draw) else {
                let until = group.deployments.compactMap { state.breakers[$0.id]?.reopensAt }.min() ?? now
                return .coolingDown(until: until)
            }
            let deployment = group.deployments[index]
            var breaker = state.breakers[deployment.id] ?? CircuitBreaker(policy: self.cooldown)
            _ = breaker.acquire(at: now)
            state.breakers[deployment.id] = breaker
            if self.affinity, let sessionKey { state.sessions.pin(sessionKey, to: deployment.id, at: now) }
            return .deployment(deployment)
        }
    }

    /// An attempt on `deployment` succeeded after `latency`.
    ///
    /// - Returns: Whether this closed an open or half-open breaker.
    func succeeded(_ deployment: Deployment, latency: Duration) -> Bool {
        self.state.withLock { state in
            state.latency[deployment.id, default: LatencyAverage()].add(latency)
            guard var breaker = state.breakers[deployment.id] else { return false }
            let transition = breaker.recordSuccess()
            state.breakers[deployment.id] = breaker
            return transition == .closed
        }
    }

    /// An attempt on `deployment` failed with `error` at `now`.
    ///
    /// - Returns: The instant the breaker now stays open until, if this failure opened it.
    func failed(_ deployment: Deployment, error: LLMError, now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        self.state.withLock { state in
            var breaker = state.breakers[deployment.id] ?? CircuitBreaker(policy: self.cooldown)
            let transition = breaker.recordFailure(error, at: now)
            state.breakers[deployment.id] = breaker
            if case .opened(let until) = transition { return until }
            return nil
        }
    }

    /// An attempt on `deployment` ended without a verdict (cancelled).
    func released(_ deployment: Deployment) {
        self.state.withLock { state in
            state.breakers[deployment.id]?.release()
        }
    }

    /// Reads the breakers under the lock.
    func withState(_ body: ([String: CircuitBreaker]) -> Bool) -> Bool {
        self.state.withLock { body($0.breakers) }
    }

    /// The breaker state of `deploymentID` (tests and diagnostics).
    func breaker(_ deploymentID: String) -> CircuitBreaker.State {
        self.state.withLock { $0.breakers[deploymentID]?.state ?? .closed(failures: 0) }
    }
}

extension RouterState {
    /// Whether `group` has an available deployment this request has not tried (a retry goes there at once).
    func hasUntriedAvailable(_ group: ModelGroup, tried: Set<String>, now: ContinuousClock.Instant) -> Bool {
        self.withState { breakers in
            group.deployments.contains { !tried.contains($0.id) && (breakers[$0.id]?.isAvailable(at: now) ?? true) }
        }
    }
}
