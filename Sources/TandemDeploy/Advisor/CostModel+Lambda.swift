import TandemCore

extension CostModel {
    /// Lambda on demand: duration (tiered GB-seconds), requests, streamed bytes, the front door and tokens.
    ///
    /// - Throws: ``TandemError`` `invalid_configuration` if the architecture or model has no price.
    public func lambda(_ profile: WorkloadProfile, arch: String) throws -> OptionCost {
        let archPrices = try self.lambdaPrices(arch)
        var requests = profile.requestsPerMonth
        var gbSeconds = self.gbSeconds(profile)
        var notes: [String] = []
        if profile.freeTier {
            requests = Swift.max(0, requests - self.prices.lambda.freeTierRequests)
            gbSeconds = Swift.max(0, gbSeconds - self.prices.lambda.freeTierGBSeconds)
            notes.append("free tier subtracted")
        }
        var lines = [
            OptionCost.Line(
                item: "duration (\(Money.count(gbSeconds)) GB-s)",
                amount: archPrices.durationTiers.cost(of: gbSeconds)
            ),
            OptionCost.Line(
                item: "requests (\(Money.count(requests)))",
                amount: requests / 1_000_000 * self.prices.lambda.requestsPerMillion
            ),
        ]
        lines += try self.lambdaCommonLines(profile)
        return OptionCost(
            option: .lambda(arch),
            lines: lines,
            notes: notes + self.lambdaNotes(profile),
            blockers: self.lambdaBlockers(profile)
        )
    }

    /// Lambda with provisioned concurrency sized to the average concurrency while active, scaled to zero
    /// by schedule while idle; invocations beyond what it covers run on demand.
    ///
    /// Coverage uses a two-level traffic model: the workload runs at its peak concurrency P for a share A/P of
    /// the active time (A the average), so N provisioned environments serve min(1, N/P) of the GB-seconds.
    /// Smooth traffic (P = A) is fully covered; bursts spill to on-demand.
    ///
    /// - Throws: ``TandemError`` `invalid_configuration` if the architecture or model has no price.
    public func lambdaProvisioned(_ profile: WorkloadProfile, arch: String) throws -> OptionCost {
        let archPrices = try self.lambdaPrices(arch)
        let traffic = self.traffic(profile)
        let memoryGB = Double(profile.memoryMB) / 1024
        let units = Swift.max(1, (traffic.activeConcurrency).rounded(.up))
        let provisionedGBSeconds = units * memoryGB * traffic.activeSeconds
        let gbSeconds = self.gbSeconds(profile)
        let coverage = Swift.min(1, units / Swift.max(traffic.peakConcurrency, traffic.activeConcurrency, 1e-9))
        let covered = Swift.min(gbSeconds * coverage, provisionedGBSeconds)
        var lines = [
            OptionCost.Line(
                item:
                    "provisioned concurrency (\(Int(units)) x \(profile.memoryMB) MB x \(Money.count(traffic.activeHours)) h)",
                amount: provisionedGBSeconds * archPrices.provisionedPerGBSecond
            ),
            OptionCost.Line(
                item: "duration on provisioned (\(Money.count(covered)) GB-s)",
                amount: covered * archPrices.provisionedDurationPerGBSecond
            ),
            OptionCost.Line(
                item: "duration on demand (\(Money.count(gbSeconds - covered)) GB-s)",
                amount: archPrices.durationTiers.cost(of: gbSeconds - covered)
            ),
            OptionCost.Line(
                item: "requests (\(Money.count(profile.requestsPerMonth)))",
                amount: profile.requestsPerMonth / 1_000_000 * self.prices.lambda.requestsPerMillion
            ),
        ]
        lines += try self.lambdaCommonLines(profile)
        return OptionCost(
            option: .lambdaProvisioned(arch),
            lines: lines,
            notes: [
                "\(Int(units)) provisioned environments while active (Little's law at the average rate), "
                    + "covering \(Int((coverage * 100).rounded()))% of the duration"
            ]
                + self.lambdaNotes(profile),
            blockers: self.lambdaBlockers(profile)
        )
    }

    /// GB-seconds per month: requests x duration (rounded up to 1 ms) x memory (MB / 1024).
    package func gbSeconds(_ profile: WorkloadProfile) -> Double {
        profile.requestsPerMonth * (profile.durationMS.rounded(.up) / 1000) * (Double(profile.memoryMB) / 1024)
    }

    func lambdaPrices(_ arch: String) throws -> LambdaArchitecturePrices {
        guard let prices = self.prices.lambda.architectures[arch] else {
            throw TandemError(.invalidConfiguration, "price table has no Lambda prices for architecture '\(arch)'")
        }
        return prices
    }

    /// Streamed bytes, the API in front and model tokens: the same for every Lambda variant.
    func lambdaCommonLines(_ profile: WorkloadProfile) throws -> [OptionCost.Line] {
        var lines: [OptionCost.Line] = []
        let requests = profile.requestsPerMonth
        if profile.streaming {
            let bytes = Swift.max(0, profile.responseKB * 1024 - self.prices.lambda.streamingFreeBytesPerResponse)
            let gigabytes = bytes * requests / 1_073_741_824
            lines.append(
                OptionCost.Line(
                    item: "streamed bytes beyond 6 MB/response (\(Money.decimal(gigabytes, digits: 2)) GB)",
                    amount: gigabytes * self.prices.lambda.streamingPerGB
                )
            )
        }
        let gateway = self.prices.apiGateway
        switch profile.api {
        case "http":
            let units = Swift.max(1, (profile.payloadKB / gateway.httpMeteringKB).rounded(.up))
            lines.append(
                .init(item: "API Gateway HTTP API", amount: requests * units / 1_000_000 * gateway.httpPerMillion)
            )
        case "rest":
            lines.append(.init(item: "API Gateway REST API", amount: requests / 1_000_000 * gateway.restPerMillion))
        case "websocket":
            let messages =
                requests * (1 + Swift.max(1, (profile.responseKB / gateway.websocketMeteringKB).rounded(.up)))
            let minutes = requests * Swift.max(1, (profile.durationMS / 60_000).rounded(.up))
            lines.append(
                .init(
                    item: "API Gateway WebSocket (\(Money.count(messages, compact: true)) messages)",
                    amount: messages / 1_000_000 * gateway.websocketMessagesPerMillion
                        + minutes / 1_000_000 * gateway.websocketConnectionMinutesPerMillion
                )
            )
        default:
            lines.append(.init(item: "Function URL", amount: 0))
        }
        if let tokens = try self.bedrockTokens(profile) { lines.append(tokens) }
        return lines
    }

    func lambdaNotes(_ profile: WorkloadProfile) -> [String] {
        var notes: [String] = []
        if profile.streaming && profile.api == "http" {
            notes.append("HTTP APIs buffer Lambda responses: streaming needs a Function URL (RESPONSE_STREAM)")
        }
        if self.needsGPU(profile) {
            notes.append("Lambda has no GPU: priced with Bedrock '\(profile.model)' instead of the self-hosted model")
        }
        return notes
    }

    func lambdaBlockers(_ profile: WorkloadProfile) -> [String] {
        var blockers: [String] = []
        if profile.maxRuntimeS > 900 {
            blockers.append("runs of \(Money.count(profile.maxRuntimeS)) s exceed Lambda's 900 s limit")
        }
        if self.runsModelInProcess(profile) && profile.selfHostedModelGB * 1024 > Double(profile.memoryMB) {
            blockers.append(
                "a \(Money.decimal(profile.selfHostedModelGB, digits: 2)) GB model does not fit in \(profile.memoryMB) MB"
            )
        }
        return blockers
    }
}
