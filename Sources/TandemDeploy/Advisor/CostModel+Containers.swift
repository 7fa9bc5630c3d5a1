import TandemCore

extension CostModel {
    /// Fargate tasks behind an ALB: tasks from Little's law, the ALB's hours and LCUs, and tokens.
    ///
    /// - Parameters:
    ///   - profile: The workload.
    ///   - variant: `arm64`, `x86_64` or `spot`.
    /// - Throws: ``TandemError`` `invalid_configuration` if the variant or model has no price.
    public func fargate(_ profile: WorkloadProfile, variant: String) throws -> OptionCost {
        guard
            let taskHour = self.prices.fargate.taskHour(variant, vcpu: profile.taskVCPU, memoryGB: profile.taskMemoryGB)
        else {
            throw TandemError(.invalidConfiguration, "price table has no Fargate prices for '\(variant)'")
        }
        let traffic = self.traffic(profile)
        let streams = Double(profile.concurrentStreamsPerTask)
        let activeTasks = Swift.max(Double(profile.minTasks), 1, (traffic.activeConcurrency / streams).rounded(.up))
        let peakTasks = Swift.max(Double(profile.minTasks), 1, (traffic.peakConcurrency / streams).rounded(.up))
        let idleTasks = Double(profile.minTasks)
        let taskHours = activeTasks * traffic.activeHours + idleTasks * traffic.idleHours
        let alb = self.prices.alb
        let processedGBPerHour = traffic.averageActiveRPS * (profile.payloadKB + profile.responseKB) * 3600 / 1_048_576
        let lcus = Swift.max(
            traffic.averageActiveRPS / alb.lcuNewConnectionsPerSecond,
            traffic.activeConcurrency / alb.lcuActiveConnections,
            processedGBPerHour / alb.lcuProcessedGBPerHour
        )
        var lines = [
            OptionCost.Line(item: "tasks (\(Money.count(taskHours)) task-hours)", amount: taskHours * taskHour),
            OptionCost.Line(item: "ALB hours", amount: self.prices.hoursPerMonth * alb.perHour),
            OptionCost.Line(
                item: "ALB LCUs (\(Money.decimal(lcus, digits: 2)) while active)",
                amount: lcus * traffic.activeHours * alb.perLCUHour
            ),
        ]
        if let tokens = try self.bedrockTokens(profile) { lines.append(tokens) }
        let name = variant == "spot" ? "x86_64 Spot" : variant
        var notes = [
            "\(Int(activeTasks)) task(s) of \(Money.decimal(profile.taskVCPU, digits: 2)) vCPU / "
                + "\(Money.decimal(profile.taskMemoryGB, digits: 2)) GB while active, \(Int(peakTasks)) at peak "
                + "(\(Money.decimal(traffic.peakConcurrency, digits: 1)) in flight / \(profile.concurrentStreamsPerTask) per task)",
            "\(name) tasks",
        ]
        if variant == "spot" { notes.append("Spot tasks can be reclaimed with a 2-minute warning") }
        if self.needsGPU(profile) {
            notes.append("Fargate has no GPU: priced with Bedrock '\(profile.model)' instead of the self-hosted model")
        }
        var option = DeploymentOption.fargate(variant)
        if variant == "spot" { option = .fargateSpot }
        return OptionCost(option: option, lines: lines, notes: notes, blockers: [])
    }

    /// The GPU instance type for the profile's self-hosted model, or `nil` if it needs none.
    ///
    /// - Throws: ``TandemError`` `invalid_configuration` if `gpu` names an unpriced instance or no instance has
    ///   enough GPU memory.
    public func gpuInstance(for profile: WorkloadProfile) throws -> GPUInstancePrice? {
        guard profile.selfHostedModelGB > 0 || !["auto", "none"].contains(profile.gpu), self.needsGPU(profile) else {
            return nil
        }
        if profile.gpu != "auto" {
            guard let named = self.prices.gpuInstances.first(where: { $0.instanceType == profile.gpu }) else {
                throw TandemError(
                    .invalidConfiguration,
                    "profile field 'gpu': no price for '\(profile.gpu)'; priced: auto, none, "
                        + self.prices.gpuInstances.map(\.instanceType).joined(separator: ", ")
                )
            }
            return named
        }
        // Weights plus 20% for activations and the KV cache.
        let needed = profile.selfHostedModelGB * 1.2
        let fitting = self.prices.gpuInstances.filter { $0.gpuMemoryGB >= needed }
        guard let cheapest = fitting.min(by: { $0.ec2PerHour < $1.ec2PerHour }) else {
            throw TandemError(
                .invalidConfiguration,
                "profile field 'self_hosted_model_gb': no priced GPU instance holds \(profile.selfHostedModelGB) GB"
            )
        }
        return cheapest
    }

    /// Dedicated GPU instances for the self-hosted model: enough for the token rate while active, one while idle.
    ///
    /// - Throws: ``TandemError`` `invalid_configuration` as ``gpuInstance(for:)`` does, or if SageMaker has no
    ///   price for the instance.
    public func gpu(_ profile: WorkloadProfile, sagemaker: Bool) throws -> OptionCost {
        guard let instance = try self.gpuInstance(for: profile) else {
            throw TandemError(.invalidConfiguration, "the profile has no self-hosted model that needs a GPU")
        }
        let traffic = self.traffic(profile)
        let tokensPerSecond = traffic.averageActiveRPS * (profile.tokensIn + profile.tokensOut)
        let peakTokensPerSecond = traffic.peakRPS * (profile.tokensIn + profile.tokensOut)
        let active = Swift.max(1, (tokensPerSecond / profile.gpuTokensPerSecond).rounded(.up))
        let peak = Swift.max(1, (peakTokensPerSecond / profile.gpuTokensPerSecond).rounded(.up))
        let hours = active * traffic.activeHours + traffic.idleHours
        let hourly = sagemaker ? instance.sagemakerPerHour : instance.ec2PerHour
        guard let hourly else {
            throw TandemError(.invalidConfiguration, "price table has no SageMaker price for \(instance.instanceType)")
        }
        let name = (sagemaker ? "ml." : "") + instance.instanceType
        return OptionCost(
            option: sagemaker ? .sagemakerGPU : .ec2GPU,
            lines: [OptionCost.Line(item: "\(name) (\(Money.count(hours)) instance-hours)", amount: hours * hourly)],
            notes: [
                "\(Int(active)) x \(name) while active, \(Int(peak)) at peak "
                    + "(\(Money.count(tokensPerSecond)) tokens/s average, \(Money.count(profile.gpuTokensPerSecond)) per instance)",
                "one instance stays up while idle",
            ],
            blockers: []
        )
    }
}
