/// How a routed request went: who answered, with what usage and cost, after how many attempts. Streams deliver it
/// through the `onComplete` callback of ``Router/stream(_:options:session:onComplete:)`` (a stream's events carry
/// no cost).
public struct RouteReport: Sendable, Hashable {
    /// The deployment that answered (``Deployment/displayName``).
    public var provider: String
    /// The deployment's id.
    public var deploymentID: String
    /// The model that answered, as the provider named it (or the deployment's model id).
    public var model: String
    /// Tokens used by the answer.
    public var usage: Usage
    /// What it cost, when the price table knows the model.
    public var cost: Cost?
    /// Upstream attempts this request made, over all models.
    public var attempts: Int
    /// The in-band error that ended the stream after content, if any.
    public var error: LLMError?

    /// Creates a report.
    public init(
        provider: String,
        deploymentID: String,
        model: String,
        usage: Usage,
        cost: Cost?,
        attempts: Int,
        error: LLMError? = nil
    ) {
        self.provider = provider
        self.deploymentID = deploymentID
        self.model = model
        self.usage = usage
        self.cost = cost
        self.attempts = attempts
        self.error = error
    }
}
