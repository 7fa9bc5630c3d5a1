/// Everything `tandem advise` reports for one profile.
public struct Advice: Sendable {
    /// One option's cost across a range of traffic, for the chart.
    public struct Series: Sendable {
        /// The option.
        public var option: DeploymentOption
        /// (requests per month, US dollars per month), ascending in traffic.
        public var points: [(requests: Double, cost: Double)]
    }

    /// The profile advised on.
    public var profile: WorkloadProfile
    /// The prices used.
    public var prices: PriceTable
    /// Every option, priced at the profile's traffic.
    public var options: [OptionCost]
    /// Where pairs of options cost the same.
    public var breakEvens: [BreakEven]
    /// One recommendation per use case the profile touches.
    public var useCases: [UseCaseAdvice]
    /// Cost against traffic per option, for the chart.
    public var series: [Series]
    /// Whether ``series`` leaves out the Bedrock tokens every option pays alike.
    public var seriesExcludeTokens: Bool = false

    /// The cheapest option that can serve the workload.
    public var cheapest: OptionCost? {
        self.options.filter(\.isFeasible).min { $0.monthly < $1.monthly }
    }
}
