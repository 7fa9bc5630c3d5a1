/// AWS Fargate prices (Linux).
public struct FargatePrices: Codable, Sendable, Equatable {
    /// Per architecture (`arm64`, `x86_64`) and `spot` (x86_64 Spot).
    public var compute: [String: FargateComputePrice]

    /// The price of one task-hour of `vcpu` vCPUs and `memoryGB` GB for the variant, if priced.
    package func taskHour(_ variant: String, vcpu: Double, memoryGB: Double) -> Double? {
        guard let price = self.compute[variant] else { return nil }
        return vcpu * price.perVCPUHour + memoryGB * price.perGBHour
    }
}

/// Fargate per-hour prices for one variant.
public struct FargateComputePrice: Codable, Sendable, Equatable {
    /// Per vCPU-hour.
    public var perVCPUHour: Double
    /// Per GB-hour of memory.
    public var perGBHour: Double

    enum CodingKeys: String, CodingKey {
        case perVCPUHour = "per_vcpu_hour"
        case perGBHour = "per_gb_hour"
    }
}
