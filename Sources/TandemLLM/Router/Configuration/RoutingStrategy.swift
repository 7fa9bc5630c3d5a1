/// How the router picks one of a model's deployments.
public enum RoutingStrategy: String, Sendable, Hashable, Decodable {
    /// At random, in proportion to the deployments' weights.
    case weighted
    /// The one with the lowest recent latency (time to first token for streams); untried ones first.
    case leastLatency = "least_latency"
}
