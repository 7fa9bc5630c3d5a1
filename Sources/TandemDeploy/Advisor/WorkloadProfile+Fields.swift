import TandemCore

extension WorkloadProfile {
    /// One documented profile field: its YAML name (and `--flag` name with dashes), what it means, and how to set it.
    public struct Field: Sendable {
        /// The YAML key, e.g. `requests_per_month`.
        public let name: String
        /// What the field means, with its unit.
        public let summary: String
        let set: @Sendable (inout WorkloadProfile, String) throws -> Void
        let get: @Sendable (WorkloadProfile) -> String

        static func number(
            _ name: String,
            _ keyPath: any WritableKeyPath<WorkloadProfile, Double> & Sendable,
            _ summary: String,
            in range: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude
        ) -> Field {
            Field(
                name: name,
                summary: summary,
                set: { profile, text in profile[keyPath: keyPath] = try Field.parseNumber(name, text, in: range) },
                get: { "\($0[keyPath: keyPath])" }
            )
        }

        static func optionalNumber(
            _ name: String,
            _ keyPath: any WritableKeyPath<WorkloadProfile, Double?> & Sendable,
            _ summary: String
        ) -> Field {
            Field(
                name: name,
                summary: summary,
                set: { profile, text in
                    profile[keyPath: keyPath] = try Field.parseNumber(
                        name,
                        text,
                        in: 0...Double.greatestFiniteMagnitude
                    )
                },
                get: { $0[keyPath: keyPath].map { "\($0)" } ?? "auto" }
            )
        }

        static func integer(
            _ name: String,
            _ keyPath: any WritableKeyPath<WorkloadProfile, Int> & Sendable,
            _ summary: String,
            in range: ClosedRange<Int>
        ) -> Field {
            Field(
                name: name,
                summary: summary,
                set: { profile, text in
                    let value = try Field.parseNumber(
                        name,
                        text,
                        in: Double(range.lowerBound)...Double(range.upperBound)
                    )
                    guard value == value.rounded() else {
                        throw TandemError(.invalidConfiguration, "profile field '\(name)' must be a whole number")
                    }
                    profile[keyPath: keyPath] = Int(value)
                },
                get: { "\($0[keyPath: keyPath])" }
            )
        }

        static func flag(
            _ name: String,
            _ keyPath: any WritableKeyPath<WorkloadProfile, Bool> & Sendable,
            _ summary: String
        ) -> Field {
            Field(
                name: name,
                summary: summary,
                set: { profile, text in
                    switch text.lowercased() {
                    case "true", "yes", "on", "1": profile[keyPath: keyPath] = true
                    case "false", "no", "off", "0": profile[keyPath: keyPath] = false
                    default:
                        throw TandemError(
                            .invalidConfiguration,
                            "profile field '\(name)' must be true or false, not '\(text)'"
                        )
                    }
                },
                get: { "\($0[keyPath: keyPath])" }
            )
        }

        static func text(
            _ name: String,
            _ keyPath: any WritableKeyPath<WorkloadProfile, String> & Sendable,
            _ summary: String,
            oneOf allowed: [String]? = nil
        ) -> Field {
            Field(
                name: name,
                summary: summary,
                set: { profile, text in
                    if let allowed, !allowed.contains(text) {
                        throw TandemError(
                            .invalidConfiguration,
                            "profile field '\(name)' must be one of \(allowed.joined(separator: ", ")), not '\(text)'"
                        )
                    }
                    guard !text.isEmpty else {
                        throw TandemError(.invalidConfiguration, "profile field '\(name)' must not be empty")
                    }
                    profile[keyPath: keyPath] = text
                },
                get: { $0[keyPath: keyPath] }
            )
        }

        static func parseNumber(_ name: String, _ text: String, in range: ClosedRange<Double>) throws -> Double {
            let cleaned = text.filter { $0 != "_" }
            guard let value = Double(cleaned), value.isFinite else {
                throw TandemError(.invalidConfiguration, "profile field '\(name)' must be a number, not '\(text)'")
            }
            guard range.contains(value) else {
                let upper = range.upperBound == .greatestFiniteMagnitude ? "" : " and \(range.upperBound)"
                let bounds = upper.isEmpty ? "at least \(range.lowerBound)" : "between \(range.lowerBound)\(upper)"
                throw TandemError(.invalidConfiguration, "profile field '\(name)' must be \(bounds), not \(text)")
            }
            return value
        }
    }

    /// Every documented field, in the order `tandem advise --help` lists them.
    public static let fields: [Field] = [
        .number("requests_per_month", \.requestsPerMonth, "requests or events per month (default 1000000)"),
        .optionalNumber("peak_rps", \.peakRPS, "peak requests per second (default 4 x the average while active)"),
        .number(
            "idle_fraction",
            \.idleFraction,
            "share of the month with no traffic, 0 to 0.99 (default 0)",
            in: 0...0.99
        ),
        .number("duration_ms", \.durationMS, "average duration per request in ms (default 200)", in: 1...3_600_000),
        .optionalNumber("p95_duration_ms", \.p95DurationMS, "95th percentile duration in ms (default 2 x average)"),
        .integer("memory_mb", \.memoryMB, "Lambda memory in MB, 128 to 10240 (default 512)", in: 128...10240),
        .number("payload_kb", \.payloadKB, "average request payload in KB (default 2)"),
        .number("response_kb", \.responseKB, "average response size in KB (default 4)"),
        .flag("streaming", \.streaming, "responses are streamed (default false)"),
        .number("max_runtime_s", \.maxRuntimeS, "longest run of one request or job in s (default 30)", in: 1...604_800),
        .number("tokens_in", \.tokensIn, "model input tokens per request (default 1000)"),
        .number("tokens_out", \.tokensOut, "model output tokens per request (default 500)"),
        .text("model", \.model, "Bedrock model id for token prices (default anthropic.claude-3-5-haiku-20241022-v1:0)"),
        .number(
            "self_hosted_model_gb",
            \.selfHostedModelGB,
            "size of a self-hosted model in GB, 0 for none (default 0)"
        ),
        .text("gpu", \.gpu, "auto, none, or a GPU instance type such as g6.xlarge (default auto)"),
        .number(
            "gpu_tokens_per_second",
            \.gpuTokensPerSecond,
            "tokens/s one GPU instance serves (default 2000)",
            in: 1...10_000_000
        ),
        .text("region", \.region, "AWS region (default us-east-1)"),
        .text("arch", \.arch, "arm64 or x86_64 (default arm64)", oneOf: ["arm64", "x86_64"]),
        .text(
            "api",
            \.api,
            "function_url, http, rest or websocket (default function_url)",
            oneOf: ["function_url", "http", "rest", "websocket"]
        ),
        .integer(
            "concurrent_streams_per_task",
            \.concurrentStreamsPerTask,
            "requests or streams one Fargate task serves at once (default 50)",
            in: 1...100_000
        ),
        .number("task_vcpu", \.taskVCPU, "vCPUs per Fargate task, 0.25 to 16 (default 0.5)", in: 0.25...16),
        .number(
            "task_memory_gb",
            \.taskMemoryGB,
            "memory per Fargate task in GB, 0.5 to 120 (default 1)",
            in: 0.5...120
        ),
        .integer("min_tasks", \.minTasks, "fewest Fargate tasks kept running (default 1)", in: 0...10_000),
        .flag("batch", \.batch, "the work is batch document processing (default false)"),
        .flag("free_tier", \.freeTier, "subtract Lambda's monthly free tier (default false)"),
        .integer(
            "provisioned_concurrency",
            \.provisionedConcurrency,
            "provisioned concurrency for generated infrastructure, 0 for none (default 0)",
            in: 0...100_000
        ),
        .integer(
            "reserved_concurrency",
            \.reservedConcurrency,
            "reserved concurrency of the generated function (default 100)",
            in: 1...100_000
        ),
        .integer("log_retention_days", \.logRetentionDays, "log retention in days (default 365)", in: 1...3653),
        .number("heartbeat_s", \.heartbeatS, "streaming heartbeat interval in s (default 15)", in: 1...3600),
    ]

    /// Returns the profile with one field set from text, as a flag or YAML scalar would give it.
    ///
    /// - Parameters:
    ///   - name: The field's YAML name, e.g. `memory_mb`.
    ///   - text: The value as text.
    /// - Returns: The changed profile.
    /// - Throws: ``TandemError`` `invalid_configuration` naming the field if it is unknown or the value is invalid.
    public func setting(_ name: String, to text: String) throws -> WorkloadProfile {
        guard let field = Self.fields.first(where: { $0.name == name }) else {
            throw TandemError(.invalidConfiguration, "unknown profile field '\(name)'")
        }
        var copy = self
        try field.set(&copy, text)
        return copy
    }

    /// The value of a field as text (`auto` for derived values).
    public func value(of name: String) -> String? {
        Self.fields.first(where: { $0.name == name })?.get(self)
    }
}
