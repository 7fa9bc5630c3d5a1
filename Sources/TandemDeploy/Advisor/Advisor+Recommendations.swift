extension Advisor {
    /// The use-case rows the profile touches, in the seed's order.
    public func useCases(touchedBy profile: WorkloadProfile) -> [UseCase] {
        let traffic = self.model.traffic(profile)
        var rows: [UseCase] = []
        if profile.tokensIn + profile.tokensOut > 0 && profile.selfHostedModelGB == 0 { rows.append(.externalLLMAPI) }
        if profile.streaming { rows.append(.streamingChat) }
        if profile.selfHostedModelGB > 0 { rows.append(.selfHostedInference) }
        if profile.batch { rows.append(.batchDocuments) }
        if profile.maxRuntimeS > 300 { rows.append(.longAgents) }
        if profile.idleFraction >= 0.25 || traffic.burstiness >= 5 { rows.append(.spikyTraffic) }
        return rows
    }

    func recommendations(_ advice: Advice) -> [UseCaseAdvice] {
        let rows = self.useCases(touchedBy: advice.profile)
        return (rows.isEmpty ? [.spikyTraffic] : rows).map { self.recommend($0, advice) }
    }

    func recommend(_ useCase: UseCase, _ advice: Advice) -> UseCaseAdvice {
        let profile = advice.profile
        let traffic = self.model.traffic(profile)
        let lambda = Self.best(.lambda, advice)
        let containers = Self.best(.containers, advice)
        let dedicated = Self.best(.dedicated, advice)
        let volume = "\(Money.count(profile.requestsPerMonth, compact: true)) requests/month"

        func compare(_ first: OptionCost, _ second: OptionCost) -> String {
            "at \(volume) \(first.option.name) costs \(Money.format(first.monthly)) a month against "
                + "\(Money.format(second.monthly)) for \(second.option.name)"
        }
        func crossing(_ first: OptionCost, _ second: OptionCost) -> String? {
            let range = self.range(profile)
            let listed = advice.breakEvens.first {
                Set([$0.cheaperBelow, $0.cheaperAbove]) == Set([first.option, second.option])
            }
            let computed = {
                (try? self.crossings(first.option, second.option, profile, low: range.low, high: range.high))?.first
            }
            guard let point = listed ?? computed() else { return nil }
            return "they break even at \(Money.count(point.requestsPerMonth, compact: true)) requests/month "
                + "(\(Money.format(point.monthlyCost))): \(point.cheaperBelow.name) is cheaper below, "
                + "\(point.cheaperAbove.name) above"
        }
        func pick(_ host: DeploymentOption.Host, _ chosen: OptionCost?, _ reasons: [String]) -> UseCaseAdvice {
            let option = chosen?.option ?? (host == .lambda ? .lambda(profile.arch) : .fargate(profile.arch))
            return UseCaseAdvice(useCase: useCase, recommendation: host, option: option, reasons: reasons)
        }
        /// Lambda against containers on cost, unless Lambda is blocked.
        func lambdaOrContainers(_ lambdaWhy: [String], _ containersWhy: [String]) -> UseCaseAdvice {
            guard let lambda, lambda.isFeasible else {
                let blockers = advice.options.first { $0.option.host == .lambda }?.blockers ?? []
                return pick(.containers, containers, blockers + containersWhy)
            }
            guard let containers else { return pick(.lambda, lambda, lambdaWhy) }
            var numbers = [compare(lambda, containers)]
            if let crossing = crossing(lambda, containers) { numbers.append(crossing) }
            if lambda.monthly <= containers.monthly {
                return pick(.lambda, lambda, numbers + lambdaWhy)
            }
            return pick(.containers, containers, numbers + containersWhy)
        }

        let tokens = (try? self.model.bedrockTokens(profile)) ?? nil
        let perTask =
            "one task holds \(profile.concurrentStreamsPerTask) requests in flight while Lambda bills each one's wait"
        switch useCase {
        case .externalLLMAPI:
            var shared: [String] = []
            if let tokens, let cheapest = advice.cheapest, cheapest.monthly > 0 {
                let share = Int((tokens.amount / cheapest.monthly * 100).rounded())
                shared.append(
                    "model tokens are \(Money.format(tokens.amount)) a month, \(share)% of the cheapest bill: "
                        + (share >= 80 ? "the model choice matters more than the host" : "the host choice matters")
                )
            }
            return lambdaOrContainers(
                shared + [
                    "requests mostly wait on the model API; Lambda scales to zero and needs no capacity planning"
                ],
                shared + [perTask]
            )
        case .streamingChat:
            var lambdaWhy = ["stream through a Function URL with RESPONSE_STREAM (first byte without buffering)"]
            if profile.api == "http" { lambdaWhy.append("HTTP APIs buffer responses: use a Function URL to stream") }
            return lambdaOrContainers(
                lambdaWhy,
                [
                    perTask,
                    "the ALB idle timeout sits above the \(Money.count(profile.heartbeatS)) s heartbeat and the "
                        + "deregistration delay lets streams finish on deploys",
                ]
            )
        case .selfHostedInference:
            let sizeText = Money.decimal(profile.selfHostedModelGB, digits: 2) + " GB"
            if self.model.needsGPU(profile), let dedicated {
                let hosted = [lambda, containers].compactMap { $0 }.filter(\.isFeasible).min { $0.monthly < $1.monthly }
                guard let hosted else { return pick(.dedicated, dedicated, ["only a GPU host can run the model"]) }
                var reasons = [compare(dedicated, hosted)]
                if let crossing = crossing(dedicated, hosted) { reasons.append(crossing) }
                if dedicated.monthly < hosted.monthly {
                    reasons.append(
                        "the \(sizeText) model needs a GPU; at this volume one kept busy beats paying per token"
                    )
                    return pick(.dedicated, dedicated, reasons)
                }
                reasons.append(
                    "a GPU for the \(sizeText) model would idle most of the month: Bedrock '\(profile.model)' "
                        + "per token is cheaper until the break-even"
                )
                return pick(hosted.option.host, hosted, reasons)
            }
            let budgetMB = self.model.prices.lambda.unzippedLimitBytes / 1_048_576
            let modelMB = profile.selfHostedModelGB * 1024
            let packaging =
                modelMB <= budgetMB * 0.6
                ? "the \(Money.count(modelMB)) MB model fits a Lambda layer within the \(Money.count(budgetMB)) MB unzipped budget"
                : "the \(Money.count(modelMB)) MB model is over a layer's budget: use a container image (10 GB) or EFS"
            return lambdaOrContainers(
                [packaging, "CPU inference in-process: no model server to keep up"],
                ["the model loads once per task and serves \(profile.concurrentStreamsPerTask) requests at a time"]
            )
        case .batchDocuments:
            let spot = advice.options.first { $0.option == .fargateSpot }
            var reasons: [String] = []
            if let lambda, let spot { reasons.append(compare(lambda, spot)) }
            guard let lambda, lambda.isFeasible else {
                return pick(
                    .containers,
                    spot ?? containers,
                    reasons + ["queue workers on Fargate Spot: jobs run past 900 s"]
                )
            }
            if let spot, spot.monthly < lambda.monthly {
                return pick(.containers, spot, reasons + ["queue workers on Fargate Spot drain the backlog cheaper"])
            }
            return pick(
                .lambda,
                lambda,
                reasons + [
                    "SQS and S3 event sources with partial batch failures; nothing runs between batches",
                    "maximum concurrency on the event source mapping protects Bedrock quotas",
                ]
            )
        case .longAgents:
            if profile.maxRuntimeS > 900 {
                var reasons = [
                    "runs of \(Money.count(profile.maxRuntimeS)) s exceed Lambda's 900 s limit",
                    "Tandem's checkpointed agents can continue in a new invocation, but containers avoid the hand-offs",
                ]
                if let lambda, let containers { reasons.append(compare(lambda, containers)) }
                return pick(.containers, containers, reasons)
            }
            let margin = 900 - profile.maxRuntimeS
            return lambdaOrContainers(
                [
                    "runs of \(Money.count(profile.maxRuntimeS)) s fit in Lambda's 900 s with \(Money.count(margin)) s to spare"
                ],
                [perTask]
            )
        case .spikyTraffic:
            let idle = Int((profile.idleFraction * 100).rounded())
            return lambdaOrContainers(
                [
                    "peak is \(Money.decimal(traffic.burstiness, digits: 1))x the average and the workload idles "
                        + "\(idle)% of the month: Lambda bills nothing while idle and absorbs bursts without scaling lag"
                ],
                ["\(profile.minTasks) task(s) stay up while idle; autoscaling on requests per target follows the peaks"]
            )
        }
    }

    /// The cheapest option of a host; Spot is left out (a reclaimed task cuts live streams and requests), the
    /// batch row weighs it separately.
    static func best(_ host: DeploymentOption.Host, _ advice: Advice) -> OptionCost? {
        let candidates = advice.options.filter { $0.option.host == host && $0.option != .fargateSpot }
        return candidates.filter(\.isFeasible).min { $0.monthly < $1.monthly }
            ?? candidates.min { $0.monthly < $1.monthly }
    }
}
