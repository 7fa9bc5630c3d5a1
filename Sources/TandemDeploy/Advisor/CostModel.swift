import TandemCore

/// Prices one workload profile on every deployment option with one price table. Pure arithmetic, no I/O.
///
/// Conventions: a month is `hours_per_month` hours; a GB is 1024 MB (as Lambda bills memory); durations are
/// rounded up to the next millisecond; concurrency comes from Little's law (requests in flight = arrival rate x
/// duration), computed at the average rate while the workload is active and at the peak rate.
public struct CostModel: Sendable {
    /// The prices used.
    public var prices: PriceTable

    /// Creates a cost model.
    public init(prices: PriceTable) {
        self.prices = prices
    }

    /// Every option that applies to the profile, priced.
    ///
    /// - Parameter profile: The workload.
    /// - Returns: One ``OptionCost`` per option: Lambda on both architectures, Lambda with provisioned concurrency,
    ///   Fargate on both architectures and Spot, and EC2 and SageMaker GPUs when the profile self-hosts a model
    ///   that needs one.
    /// - Throws: ``TandemError`` `invalid_configuration` when the model or GPU instance is not in the price table.
    public func costs(for profile: WorkloadProfile) throws -> [OptionCost] {
        let other = profile.arch == "arm64" ? "x86_64" : "arm64"
        var result = [
            try self.lambda(profile, arch: profile.arch),
            try self.lambda(profile, arch: other),
            try self.lambdaProvisioned(profile, arch: profile.arch),
            try self.fargate(profile, variant: profile.arch),
            try self.fargate(profile, variant: other),
            try self.fargate(profile, variant: "spot"),
        ]
        if try self.gpuInstance(for: profile) != nil {
            result.append(try self.gpu(profile, sagemaker: false))
            result.append(try self.gpu(profile, sagemaker: true))
        }
        return result
    }

    /// Whether the profile's self-hosted model needs a GPU (`gpu: auto` means a model over 2 GB).
    public func needsGPU(_ profile: WorkloadProfile) -> Bool {
        switch profile.gpu {
        case "none": return false
        case "auto": return profile.selfHostedModelGB > 2
        default: return true
        }
    }

    /// Whether the model runs inside the Lambda or container process (a small self-hosted model on CPU).
    public func runsModelInProcess(_ profile: WorkloadProfile) -> Bool {
        profile.selfHostedModelGB > 0 && !self.needsGPU(profile)
    }

    /// The monthly Bedrock token cost of the profile's model, with the line describing it.
    ///
    /// - Throws: ``TandemError`` `invalid_configuration` if the model has no price.
    public func bedrockTokens(_ profile: WorkloadProfile) throws -> OptionCost.Line? {
        guard profile.tokensIn + profile.tokensOut > 0, !self.runsModelInProcess(profile) else { return nil }
        guard let price = self.prices.bedrock[profile.model] else {
            throw TandemError(
                .invalidConfiguration,
                "profile field 'model': no Bedrock price for '\(profile.model)'; priced models: "
                    + self.prices.bedrock.keys.sorted().joined(separator: ", ")
            )
        }
        let input = profile.requestsPerMonth * profile.tokensIn / 1000 * price.inputPer1K
        let output = profile.requestsPerMonth * profile.tokensOut / 1000 * price.outputPer1K
        return OptionCost.Line(item: "Bedrock tokens (\(profile.model))", amount: input + output)
    }

    func traffic(_ profile: WorkloadProfile) -> Traffic {
        Traffic(profile, hoursPerMonth: self.prices.hoursPerMonth)
    }
}
