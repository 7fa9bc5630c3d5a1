import Testing

@testable import TandemDeploy

/// Lambda arithmetic against cases computed by hand from the bundled price table (us-east-1).
@Suite struct LambdaCostTests {
    let model = CostModel(prices: .bundled)

    func profile(requests: Double, durationMS: Double, memoryMB: Int) -> WorkloadProfile {
        var profile = WorkloadProfile()
        profile.requestsPerMonth = requests
        profile.durationMS = durationMS
        profile.memoryMB = memoryMB
        profile.tokensIn = 0
        profile.tokensOut = 0
        return profile
    }

    @Test func arm64OneMillionRequestsOf200msAt512MB() throws {
        // 1,000,000 requests x 0.200 s x (512 / 1024) GB = 100,000 GB-s
        // duration: 100,000 GB-s x $0.0000133334 = $1.33334 (all in the first arm64 tier, < 7.5B GB-s)
        // requests: 1,000,000 / 1,000,000 x $0.20 = $0.20
        // Function URL: $0; total $1.53334
        let cost = try self.model.lambda(
            self.profile(requests: 1_000_000, durationMS: 200, memoryMB: 512),
            arch: "arm64"
        )
        #expect(abs(cost.amount(startingWith: "duration") - 1.33334) < 1e-9)
        #expect(abs(cost.amount(startingWith: "requests") - 0.20) < 1e-12)
        #expect(abs(cost.monthly - 1.53334) < 1e-9)
        #expect(cost.option == .lambda("arm64"))
        #expect(cost.isFeasible)
    }

    @Test func x86SameWorkloadCostsMore() throws {
        // 100,000 GB-s x $0.0000166667 = $1.66667; + $0.20 requests = $1.86667
        let cost = try self.model.lambda(
            self.profile(requests: 1_000_000, durationMS: 200, memoryMB: 512),
            arch: "x86_64"
        )
        #expect(abs(cost.monthly - 1.86667) < 1e-9)
    }

    @Test func durationRoundsUpToTheMillisecond() throws {
        // 1,000,000 x 0.101 s (100.2 ms billed as 101 ms) x 1 GB = 101,000 GB-s x $0.0000133334 = $1.3466734
        let cost = try self.model.lambda(
            self.profile(requests: 1_000_000, durationMS: 100.2, memoryMB: 1024),
            arch: "arm64"
        )
        #expect(abs(cost.amount(startingWith: "duration") - 1.3466734) < 1e-9)
    }

    @Test func tiersApplyAbove7Point5BillionGBSeconds() throws {
        // 1,000,000,000 requests x 1 s x 10 GB = 10,000,000,000 GB-s
        // first 7.5B x $0.0000133334 = $100,000.50; next 2.5B x $0.0000120001 = $30,000.25
        // requests 1,000 x $0.20 = $200; total $130,200.75
        let cost = try self.model.lambda(self.profile(requests: 1e9, durationMS: 1000, memoryMB: 10240), arch: "arm64")
        #expect(abs(cost.amount(startingWith: "duration") - 130_000.75) < 1e-4)
        #expect(abs(cost.monthly - 130_200.75) < 1e-4)
    }

    @Test func freeTierCoversASmallWorkload() throws {
        // 1M requests (free tier 1M) and 100,000 GB-s (free tier 400,000): nothing to pay.
        var profile = self.profile(requests: 1_000_000, durationMS: 200, memoryMB: 512)
        profile.freeTier = true
        #expect(try self.model.lambda(profile, arch: "arm64").monthly == 0)
    }

    @Test func provisionedConcurrencyAtOneRequestPerSecond() throws {
        // 2,628,000 requests over 730 h = 1 request/s; 1 s each -> 1 in flight (Little's law) -> 1 environment.
        // kept warm: 1 x 1 GB x 2,628,000 s = 2,628,000 GB-s x $0.0000033334 = $8.7601752
        // duration on provisioned: 2,628,000 GB-s x $0.0000077778 = $20.4400584 (all covered)
        // requests: 2.628 x $0.20 = $0.5256; total $29.7258336
        // Smooth traffic (peak = average), so the environment covers all of it.
        var profile = self.profile(requests: 2_628_000, durationMS: 1000, memoryMB: 1024)
        profile.peakRPS = 1
        profile.p95DurationMS = 1000
        let cost = try self.model.lambdaProvisioned(profile, arch: "arm64")
        #expect(abs(cost.monthly - 29.7258336) < 1e-6)
        #expect(cost.amount(startingWith: "duration on demand") == 0)
    }

    @Test func burstsSpillFromProvisionedToOnDemand() throws {
        // Same workload with a peak of 4 requests/s at a p95 of 1 s: 4 in flight at peak, 1 provisioned -> covers 1/4.
        // kept warm: $8.7601752 (as above); on provisioned: 657,000 GB-s x $0.0000077778 = $5.1100146
        // on demand: 1,971,000 GB-s x $0.0000133334 = $26.2801314; requests $0.5256; total $40.6759212
        var profile = self.profile(requests: 2_628_000, durationMS: 1000, memoryMB: 1024)
        profile.peakRPS = 4
        profile.p95DurationMS = 1000
        let cost = try self.model.lambdaProvisioned(profile, arch: "arm64")
        #expect(abs(cost.amount(startingWith: "duration on demand") - 26.2801314) < 1e-6)
        #expect(abs(cost.monthly - 40.6759212) < 1e-6)
    }

    @Test func streamedBytesBeyondSixMegabytes() throws {
        // 1,000 responses of 10 MiB: 4 MiB each beyond the free 6 MiB = 4,000 MiB = 3.90625 GiB x $0.008 = $0.03125
        var profile = self.profile(requests: 1000, durationMS: 100, memoryMB: 128)
        profile.streaming = true
        profile.responseKB = 10240
        let cost = try self.model.lambda(profile, arch: "arm64")
        #expect(abs(cost.amount(startingWith: "streamed bytes") - 0.03125) < 1e-12)
    }

    @Test(arguments: [("http", 1.00), ("rest", 3.50), ("function_url", 0.0)])
    func frontDoors(api: String, expected: Double) throws {
        // 1M requests: HTTP API $1.00/M, REST $3.50/M, Function URL free.
        var profile = self.profile(requests: 1_000_000, durationMS: 200, memoryMB: 512)
        profile.api = api
        let cost = try self.model.lambda(profile, arch: "arm64")
        #expect(abs(cost.monthly - 1.53334 - expected) < 1e-9)
    }

    @Test func webSocketMessagesAndMinutes() throws {
        // 1M chats, 4 KB responses (1 x 32 KB unit) -> 2 messages each = 2M x $1.00/M = $2.00
        // each 200 ms chat counts as 1 connection minute: 1M x $0.25/M = $0.25; total $2.25 on top of Lambda.
        var profile = self.profile(requests: 1_000_000, durationMS: 200, memoryMB: 512)
        profile.api = "websocket"
        let cost = try self.model.lambda(profile, arch: "arm64")
        #expect(abs(cost.amount(startingWith: "API Gateway WebSocket") - 2.25) < 1e-9)
    }

    @Test func runsOverFifteenMinutesBlockLambda() throws {
        var profile = self.profile(requests: 1000, durationMS: 1000, memoryMB: 512)
        profile.maxRuntimeS = 3600
        let cost = try self.model.lambda(profile, arch: "arm64")
        #expect(!cost.isFeasible)
        #expect(cost.blockers.first?.contains("900 s") == true)
    }
}
