/// The traffic at which two options cost the same.
public struct BreakEven: Sendable, Equatable {
    /// The option that is cheaper below ``requestsPerMonth``.
    public var cheaperBelow: DeploymentOption
    /// The option that is cheaper above ``requestsPerMonth``.
    public var cheaperAbove: DeploymentOption
    /// Requests per month where both cost the same.
    public var requestsPerMonth: Double
    /// What each costs there, in US dollars per month.
    public var monthlyCost: Double
}
