/// The sizes and limits the generated infrastructure uses, derived from a workload profile.
public struct DeploymentSettings: Sendable, Equatable {
    /// The AWS region.
    public var region: String
    /// `arm64` or `x86_64`.
    public var arch: String
    /// Lambda memory in MB.
    public var memoryMB: Int
    /// Lambda timeout in seconds (at most 900).
    public var timeoutS: Int
    /// Reserved concurrency of the function.
    public var reservedConcurrency: Int
    /// Provisioned concurrency on the `live` alias during working hours (0: none).
    public var provisionedConcurrency: Int
    /// Log retention in days.
    public var logRetentionDays: Int
    /// The server's streaming heartbeat interval in seconds.
    public var heartbeatS: Int
    /// The longest a request may run, in seconds (for the ALB and the deregistration delay).
    public var maxRuntimeS: Int
    /// Fargate task CPU units (1024 = 1 vCPU).
    public var taskCPU: Int
    /// Fargate task memory in MB.
    public var taskMemoryMB: Int
    /// Fewest tasks.
    public var minTasks: Int
    /// Most tasks.
    public var maxTasks: Int
    /// The unzipped size of `bootstrap` in MB (an estimate until `tandem package` has run).
    public var bootstrapMB: Double
    /// The SQS batching window in seconds.
    public var batchingWindowS: Int = 1

    /// The container's HTTP port.
    public let containerPort = 8080
    /// The Lambda alias everything points at.
    public let alias = "live"

    /// Settings from a profile.
    ///
    /// - Parameters:
    ///   - profile: The workload profile.
    ///   - bootstrapMB: The unzipped size of `bootstrap` in MB, if known.
    public init(profile: WorkloadProfile, bootstrapMB: Double = 40) {
        self.region = profile.region
        self.arch = profile.arch
        self.memoryMB = profile.memoryMB
        self.timeoutS = Swift.min(900, Swift.max(3, Int(profile.maxRuntimeS.rounded(.up))))
        self.reservedConcurrency = profile.reservedConcurrency
        self.provisionedConcurrency = Swift.min(profile.provisionedConcurrency, profile.reservedConcurrency)
        self.logRetentionDays = Self.retention(atLeast: profile.logRetentionDays)
        self.heartbeatS = Int(profile.heartbeatS.rounded(.up))
        self.maxRuntimeS = Int(profile.maxRuntimeS.rounded(.up))
        let (cpu, memory) = Self.fargateSize(vcpu: profile.taskVCPU, memoryGB: profile.taskMemoryGB)
        self.taskCPU = cpu
        self.taskMemoryMB = memory
        self.minTasks = Swift.max(1, profile.minTasks)
        let traffic = Traffic(profile, hoursPerMonth: 730)
        let peakTasks = Int((traffic.peakConcurrency / Double(profile.concurrentStreamsPerTask)).rounded(.up))
        self.maxTasks = Swift.max(self.minTasks * 4, peakTasks * 2, 4)
        self.bootstrapMB = bootstrapMB
    }

    /// SQS visibility timeout: six times the function timeout plus the batching window (AWS's advice for
    /// event source mappings), capped at SQS's 12 hours.
    public var visibilityTimeoutS: Int { Swift.min(43_200, 6 * self.timeoutS + self.batchingWindowS) }

    /// ALB idle timeout: above the heartbeat interval with margin, so a quiet stream is never cut.
    public var albIdleTimeoutS: Int { Swift.min(4000, Swift.max(60, self.heartbeatS * 4)) }

    /// Target group deregistration delay: long enough for a running stream to finish, at most an hour.
    public var deregistrationDelayS: Int { Swift.min(3600, Swift.max(30, self.maxRuntimeS)) }

    /// ECS stop timeout: the most Fargate allows, for in-flight streams to drain after SIGTERM.
    public var stopTimeoutS: Int { 120 }

    /// The Fargate architecture name.
    public var fargateArchitecture: String { self.arch == "arm64" ? "ARM64" : "X86_64" }

    /// CloudWatch Logs accepts only certain retention values; the nearest one at or above the request.
    static func retention(atLeast days: Int) -> Int {
        let allowed = [
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
        ]
        return allowed.first { $0 >= days } ?? 3653
    }

    /// The nearest valid Fargate CPU and memory combination at or above the request.
    static func fargateSize(vcpu: Double, memoryGB: Double) -> (cpu: Int, memoryMB: Int) {
        let sizes: [(cpu: Int, minimumMB: Int, maximumMB: Int, stepMB: Int)] = [
            (256, 512, 2048, 512), (512, 1024, 4096, 1024), (1024, 2048, 8192, 1024), (2048, 4096, 16384, 1024),
            (4096, 8192, 30720, 1024), (8192, 16384, 61440, 4096), (16384, 32768, 122_880, 8192),
        ]
        let wantedMB = Int((memoryGB * 1024).rounded(.up))
        let size = sizes.first { Double($0.cpu) >= vcpu * 1024 && $0.maximumMB >= wantedMB } ?? sizes[sizes.count - 1]
        var memory = Swift.max(size.minimumMB, Swift.min(size.maximumMB, wantedMB))
        if size.cpu == 256 && memory > 512 && memory < 1024 { memory = 1024 }
        memory = (memory + size.stepMB - 1) / size.stepMB * size.stepMB
        return (size.cpu, Swift.min(memory, size.maximumMB))
    }
}
