/// What a workload looks like: traffic, durations, sizes, tokens and the model, and how it may be hosted.
///
/// Every field has a default, so an empty profile is valid; ``fields`` lists them with their YAML names and
/// documentation. Read one from YAML with ``init(yaml:)`` and override fields with ``setting(_:to:)``.
public struct WorkloadProfile: Sendable, Equatable {
    /// Requests (or events) per month.
    public var requestsPerMonth: Double = 1_000_000
    /// Peak requests per second; `nil` means four times the average rate while not idle.
    public var peakRPS: Double? = nil
    /// The share of the month with no traffic at all (0 to less than 1).
    public var idleFraction: Double = 0
    /// Average duration of one request in milliseconds (for a stream: until its last byte).
    public var durationMS: Double = 200
    /// 95th percentile duration in milliseconds; `nil` means twice the average.
    public var p95DurationMS: Double? = nil
    /// Lambda memory in MB (128 to 10240).
    public var memoryMB: Int = 512
    /// Average request payload in KB.
    public var payloadKB: Double = 2
    /// Average response size in KB.
    public var responseKB: Double = 4
    /// Whether responses are streamed (SSE or chunked).
    public var streaming: Bool = false
    /// The longest a single request or job may run, in seconds.
    public var maxRuntimeS: Double = 30
    /// Model input tokens per request.
    public var tokensIn: Double = 1000
    /// Model output tokens per request.
    public var tokensOut: Double = 500
    /// The Bedrock model id the tokens are priced with.
    public var model: String = "anthropic.claude-3-5-haiku-20241022-v1:0"
    /// Size of a self-hosted model in GB (0: none).
    public var selfHostedModelGB: Double = 0
    /// `auto` (a GPU when the self-hosted model is over 2 GB), `none`, or a GPU instance type.
    public var gpu: String = "auto"
    /// Tokens per second one GPU instance serves for the self-hosted model.
    public var gpuTokensPerSecond: Double = 2000
    /// The AWS region.
    public var region: String = "us-east-1"
    /// The Lambda and Fargate architecture: `arm64` or `x86_64`.
    public var arch: String = "arm64"
    /// The front door for Lambda: `function_url`, `http`, `rest` or `websocket`.
    public var api: String = "function_url"
    /// How many requests or streams one Fargate task serves at once.
    public var concurrentStreamsPerTask: Int = 50
    /// vCPUs per Fargate task.
    public var taskVCPU: Double = 0.5
    /// Memory per Fargate task in GB.
    public var taskMemoryGB: Double = 1
    /// The fewest Fargate tasks kept running.
    public var minTasks: Int = 1
    /// Whether the work is batch document processing (queue or upload driven).
    public var batch: Bool = false
    /// Whether to subtract Lambda's monthly free tier.
    public var freeTier: Bool = false
    /// Provisioned concurrency on the `live` alias for the generated infrastructure (0: none).
    public var provisionedConcurrency: Int = 0
    /// Reserved concurrency of the generated function.
    public var reservedConcurrency: Int = 100
    /// Log retention of the generated log groups, in days.
    public var logRetentionDays: Int = 365
    /// The server's streaming heartbeat interval in seconds (the ALB idle timeout is set above it).
    public var heartbeatS: Double = 15

    /// A profile with every field at its default.
    public init() {}
}
