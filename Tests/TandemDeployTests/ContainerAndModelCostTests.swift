import Testing

@testable import TandemDeploy

/// Fargate, GPU and Bedrock arithmetic against cases computed by hand.
@Suite struct ContainerAndModelCostTests {
    let model = CostModel(prices: .bundled)

    @Test func fargateTasksFromLittlesLaw() throws {
        // 26,280,000 requests / (730 h x 3600 s) = 10 requests/s; 5 s each -> 50 in flight (L = lambda x W);
        // 10 streams per task -> 5 tasks.
        // task-hour (arm64, 0.5 vCPU, 1 GB): 0.5 x $0.03238 + 1 x $0.00356 = $0.01975; 5 x 730 h x $0.01975 = $72.0875
        // ALB: 730 h x $0.0225 = $16.425; LCUs: max(10/25 new conn, 50/3000 active, 0.206 GB/h) = 0.4
        //   -> 0.4 x 730 h x $0.008 = $2.336; total $90.8485
        var profile = WorkloadProfile()
        profile.requestsPerMonth = 26_280_000
        profile.durationMS = 5000
        profile.concurrentStreamsPerTask = 10
        profile.tokensIn = 0
        profile.tokensOut = 0
        let cost = try self.model.fargate(profile, variant: "arm64")
        #expect(abs(cost.amount(startingWith: "tasks") - 72.0875) < 1e-9)
        #expect(abs(cost.amount(startingWith: "ALB hours") - 16.425) < 1e-9)
        #expect(abs(cost.amount(startingWith: "ALB LCUs") - 2.336) < 1e-9)
        #expect(abs(cost.monthly - 90.8485) < 1e-9)
        #expect(cost.notes.first?.hasPrefix("5 task(s)") == true)
    }

    @Test func idleHoursKeepOnlyTheMinimumTasks() throws {
        // Half the month idle: the same 26,280,000 requests arrive at 20/s while active -> 100 in flight
        // -> 10 tasks for 365 h, then min_tasks = 1 for 365 h = 3,650 + 365 = 4,015 task-hours x $0.01975 = $79.29625
        var profile = WorkloadProfile()
        profile.requestsPerMonth = 26_280_000
        profile.durationMS = 5000
        profile.idleFraction = 0.5
        profile.concurrentStreamsPerTask = 10
        profile.tokensIn = 0
        profile.tokensOut = 0
        let cost = try self.model.fargate(profile, variant: "arm64")
        #expect(abs(cost.amount(startingWith: "tasks") - 79.29625) < 1e-9)
    }

    @Test func bedrockTokens() throws {
        // 1M requests x 1,000 input tokens = 1,000,000 thousand x $0.0008 = $800
        // 1M requests x   500 output tokens = 500,000 thousand x $0.004 = $2,000; total $2,800
        let line = try #require(try self.model.bedrockTokens(WorkloadProfile()))
        #expect(abs(line.amount - 2800) < 1e-9)
    }

    @Test func unknownModelIsAnErrorNamingTheField() throws {
        var profile = WorkloadProfile()
        profile.model = "acme.unknown-v1"
        let error = #expect(throws: (any Error).self) { try self.model.bedrockTokens(profile) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("'model'"))
    }

    @Test func gpuForASelfHostedModel() throws {
        // A 14 GB model needs 16.8 GB of GPU memory (1.2x) -> cheapest fitting instance g6.xlarge (24 GB, $0.8048/h).
        // 2,628,000 requests = 1 request/s x 1,500 tokens = 1,500 tokens/s < 2,000 per instance -> 1 instance.
        // 730 h x $0.8048 = $587.504 on EC2; SageMaker 730 h x $1.1267 = $822.491
        var profile = WorkloadProfile()
        profile.requestsPerMonth = 2_628_000
        profile.selfHostedModelGB = 14
        let instance = try #require(try self.model.gpuInstance(for: profile))
        #expect(instance.instanceType == "g6.xlarge")
        #expect(abs(try self.model.gpu(profile, sagemaker: false).monthly - 587.504) < 1e-9)
        #expect(abs(try self.model.gpu(profile, sagemaker: true).monthly - 822.491) < 1e-9)
    }

    @Test func smallModelRunsInProcessWithoutTokenCost() throws {
        // all-MiniLM-L6-v2 (0.09 GB) on CPU: no GPU option, no Bedrock tokens.
        var profile = WorkloadProfile()
        profile.selfHostedModelGB = 0.09
        let costs = try self.model.costs(for: profile)
        #expect(!costs.contains { $0.option.host == .dedicated })
        #expect(try self.model.bedrockTokens(profile) == nil)
    }

    @Test func tieredPriceBands() {
        let tiers = [PriceTier(upTo: 10, price: 2), PriceTier(upTo: 30, price: 1), PriceTier(upTo: nil, price: 0.5)]
        // 10 x 2 + 20 x 1 + 10 x 0.5 = 45
        #expect(tiers.cost(of: 40) == 45)
        #expect(tiers.cost(of: 5) == 10)
        #expect(tiers.cost(of: 0) == 0)
    }
}
