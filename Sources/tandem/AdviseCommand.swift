import ArgumentParser
import TandemCore
import TandemDeploy

/// `tandem advise`: prices a workload on Lambda, containers and dedicated GPUs and recommends a host per use case.
struct AdviseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advise",
        abstract: "Price a workload on Lambda, Fargate and GPUs; recommend a host per use case.",
        discussion: """
            The profile (YAML) takes these fields, all optional; each also has a flag with dashes \
            (requests_per_month -> --requests-per-month) that overrides the file:

            \(WorkloadProfile.fields.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n"))
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, markdown, json
    }

    @Option(help: "Workload profile (YAML).")
    var profile: String?

    @Option(help: "Output format: table, markdown or json.")
    var format: Format = .table

    @Option(help: "Write a cost-against-traffic chart to this SVG file (and a PNG beside it if a converter exists).")
    var chart: String?

    @Option(help: "Price table (JSON) to use instead of the built-in one.")
    var prices: String?

    @Flag(help: "Print the built-in price table (JSON) and exit.")
    var printPrices = false

    @Option var requestsPerMonth: String?
    @Option var peakRps: String?
    @Option var idleFraction: String?
    @Option var durationMs: String?
    @Option var p95DurationMs: String?
    @Option var memoryMb: String?
    @Option var payloadKb: String?
    @Option var responseKb: String?
    @Option var streaming: String?
    @Option var maxRuntimeS: String?
    @Option var tokensIn: String?
    @Option var tokensOut: String?
    @Option var model: String?
    @Option var selfHostedModelGb: String?
    @Option var gpu: String?
    @Option var gpuTokensPerSecond: String?
    @Option var region: String?
    @Option var arch: String?
    @Option var api: String?
    @Option var concurrentStreamsPerTask: String?
    @Option var taskVcpu: String?
    @Option var taskMemoryGb: String?
    @Option var minTasks: String?
    @Option var batch: String?
    @Option var freeTier: String?
    @Option var provisionedConcurrency: String?
    @Option var reservedConcurrency: String?
    @Option var logRetentionDays: String?
    @Option var heartbeatS: String?

    var overrides: [(String, String?)] {
        [
            ("requests_per_month", self.requestsPerMonth), ("peak_rps", self.peakRps),
            ("idle_fraction", self.idleFraction), ("duration_ms", self.durationMs),
            ("p95_duration_ms", self.p95DurationMs), ("memory_mb", self.memoryMb), ("payload_kb", self.payloadKb),
            ("response_kb", self.responseKb), ("streaming", self.streaming), ("max_runtime_s", self.maxRuntimeS),
            ("tokens_in", self.tokensIn), ("tokens_out", self.tokensOut), ("model", self.model),
            ("self_hosted_model_gb", self.selfHostedModelGb), ("gpu", self.gpu),
            ("gpu_tokens_per_second", self.gpuTokensPerSecond), ("region", self.region), ("arch", self.arch),
            ("api", self.api), ("concurrent_streams_per_task", self.concurrentStreamsPerTask),
            ("task_vcpu", self.taskVcpu), ("task_memory_gb", self.taskMemoryGb), ("min_tasks", self.minTasks),
            ("batch", self.batch), ("free_tier", self.freeTier),
            ("provisioned_concurrency", self.provisionedConcurrency),
            ("reserved_concurrency", self.reservedConcurrency), ("log_retention_days", self.logRetentionDays),
            ("heartbeat_s", self.heartbeatS),
        ]
    }

    func run() throws {
        if self.printPrices {
            print(PriceTable.bundledJSON)
            return
        }
        do {
            let profile = try ProfileLoader.load(path: self.profile, overrides: self.overrides)
            let prices = try self.prices.map { try PriceTable.load(path: $0) } ?? .bundled
            let advice = try Advisor(prices: prices).advise(profile)
            switch self.format {
            case .table: print(advice.renderTable(), terminator: "")
            case .markdown: print(advice.renderMarkdown(), terminator: "")
            case .json: print(try advice.renderJSON(), terminator: "")
            }
            if let chart = self.chart {
                let written = try CostChart(advice: advice).write(to: chart)
                StandardError.write("chart: \(written.joined(separator: ", "))\n")
            }
        } catch let error as TandemError {
            throw ValidationError(error.description)
        }
    }
}
