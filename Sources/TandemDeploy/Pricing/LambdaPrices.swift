/// AWS Lambda prices for one region.
public struct LambdaPrices: Codable, Sendable, Equatable {
    /// Per architecture (`arm64`, `x86_64`).
    public var architectures: [String: LambdaArchitecturePrices]
    /// Price of one million requests.
    public var requestsPerMillion: Double
    /// Response streaming: bytes per response that are free.
    public var streamingFreeBytesPerResponse: Double
    /// Response streaming: price per GB beyond the free bytes.
    public var streamingPerGB: Double
    /// Monthly free tier: requests.
    public var freeTierRequests: Double
    /// Monthly free tier: GB-seconds.
    public var freeTierGBSeconds: Double
    /// The unzipped size limit of a function and all its layers, in bytes.
    public var unzippedLimitBytes: Double

    enum CodingKeys: String, CodingKey {
        case architectures
        case requestsPerMillion = "requests_per_million"
        case streamingFreeBytesPerResponse = "streaming_free_bytes_per_response"
        case streamingPerGB = "streaming_per_gb"
        case freeTierRequests = "free_tier_requests"
        case freeTierGBSeconds = "free_tier_gb_seconds"
        case unzippedLimitBytes = "unzipped_limit_bytes"
    }
}

/// Lambda prices for one architecture.
public struct LambdaArchitecturePrices: Codable, Sendable, Equatable {
    /// On-demand duration, tiered by GB-seconds per month.
    public var durationTiers: [PriceTier]
    /// Provisioned concurrency: price per GB-second kept warm.
    public var provisionedPerGBSecond: Double
    /// Provisioned concurrency: duration price per GB-second of invocations it serves.
    public var provisionedDurationPerGBSecond: Double

    enum CodingKeys: String, CodingKey {
        case durationTiers = "duration_tiers"
        case provisionedPerGBSecond = "provisioned_per_gb_second"
        case provisionedDurationPerGBSecond = "provisioned_duration_per_gb_second"
    }
}
