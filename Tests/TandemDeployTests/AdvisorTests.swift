import Testing

@testable import TandemDeploy

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct AdvisorTests {
    let advisor = Advisor(prices: .bundled)

    @Test func breakEvenPointsAreWhereCostsMeet() throws {
        var profile = WorkloadProfile()
        profile.streaming = true
        profile.durationMS = 8000
        profile.tokensIn = 0
        profile.tokensOut = 0
        let advice = try self.advisor.advise(profile)
        let point = try #require(
            advice.breakEvens.first {
                Set([$0.cheaperBelow, $0.cheaperAbove]) == Set([.lambda("arm64"), .fargate("arm64")])
            }
        )
        let lambda = try #require(
            try self.advisor.cost(of: .lambda("arm64"), profile, requests: point.requestsPerMonth)
        )
        let fargate = try #require(
            try self.advisor.cost(of: .fargate("arm64"), profile, requests: point.requestsPerMonth)
        )
        #expect(abs(lambda - fargate) / fargate < 0.01)
        // Lambda is cheaper below the crossing, Fargate above.
        #expect(point.cheaperBelow == .lambda("arm64"))
        let below = point.requestsPerMonth / 2
        let above = point.requestsPerMonth * 2
        #expect(
            try self.advisor.cost(of: .lambda("arm64"), profile, requests: below)! < self.advisor.cost(
                of: .fargate("arm64"),
                profile,
                requests: below
            )!
        )
        #expect(
            try self.advisor.cost(of: .lambda("arm64"), profile, requests: above)! > self.advisor.cost(
                of: .fargate("arm64"),
                profile,
                requests: above
            )!
        )
    }

    @Test func longStreamsGoToContainers() throws {
        var profile = WorkloadProfile()
        profile.streaming = true
        profile.maxRuntimeS = 1800
        profile.durationMS = 60_000
        let advice = try self.advisor.advise(profile)
        let streaming = try #require(advice.useCases.first { $0.useCase == .streamingChat })
        #expect(streaming.recommendation == .containers)
        #expect(streaming.reasons.contains { $0.contains("900 s") })
        let agents = try #require(advice.useCases.first { $0.useCase == .longAgents })
        #expect(agents.recommendation == .containers)
    }

    @Test func idleSpikyTrafficGoesToLambda() throws {
        var profile = WorkloadProfile()
        profile.requestsPerMonth = 200_000
        profile.idleFraction = 0.8
        profile.peakRPS = 50
        let advice = try self.advisor.advise(profile)
        let spiky = try #require(advice.useCases.first { $0.useCase == .spikyTraffic })
        #expect(spiky.recommendation == .lambda)
        #expect(spiky.reasons.contains { $0.contains("80% of the month") })
    }

    @Test func busySelfHostedModelGoesToDedicatedGPU() throws {
        // 100M requests x 1,500 tokens on Claude Sonnet costs far more than GPUs serving them.
        var profile = WorkloadProfile()
        profile.requestsPerMonth = 100_000_000
        profile.selfHostedModelGB = 16
        profile.model = "anthropic.claude-sonnet-4-20250514-v1:0"
        profile.gpuTokensPerSecond = 20_000
        let advice = try self.advisor.advise(profile)
        let row = try #require(advice.useCases.first { $0.useCase == .selfHostedInference })
        #expect(row.recommendation == .dedicated)
        #expect(row.option == .ec2GPU)
    }

    @Test func quietSelfHostedModelStaysOnBedrock() throws {
        var profile = WorkloadProfile()
        profile.requestsPerMonth = 10_000
        profile.selfHostedModelGB = 16
        let advice = try self.advisor.advise(profile)
        let row = try #require(advice.useCases.first { $0.useCase == .selfHostedInference })
        #expect(row.recommendation == .lambda)
        #expect(row.reasons.contains { $0.contains("Bedrock") })
    }

    @Test func touchedRowsFollowTheProfile() {
        var profile = WorkloadProfile()
        #expect(self.advisor.useCases(touchedBy: profile) == [.externalLLMAPI])
        profile.batch = true
        profile.maxRuntimeS = 600
        #expect(self.advisor.useCases(touchedBy: profile) == [.externalLLMAPI, .batchDocuments, .longAgents])
    }

    @Test func jsonHasMonthlyCostsAndOneRecommendationPerUseCase() throws {
        var profile = WorkloadProfile()
        profile.streaming = true
        let advice = try self.advisor.advise(profile)
        let json = try JSONSerializationFree.decode(try advice.renderJSON())
        #expect(json.options.count == advice.options.count)
        #expect(json.options.allSatisfy { $0.monthlyCost >= 0 })
        #expect(json.useCases.map(\.useCase) == ["external LLM API", "streaming chat"])
        #expect(json.useCases.allSatisfy { ["Lambda", "containers", "dedicated"].contains($0.recommendation) })
    }

    @Test func textAndMarkdownNameEveryOption() throws {
        let advice = try self.advisor.advise(WorkloadProfile())
        let table = advice.renderTable()
        let markdown = advice.renderMarkdown()
        for cost in advice.options {
            #expect(table.contains(cost.option.name))
            #expect(markdown.contains("| \(cost.option.name) | \(Money.format(cost.monthly)) |"))
        }
        #expect(table.contains("Recommendations"))
    }
}

/// Decodes the parts of the JSON report the tests look at.
enum JSONSerializationFree {
    struct Report: Decodable {
        struct Option: Decodable {
            var id: String
            var monthlyCost: Double
            enum CodingKeys: String, CodingKey {
                case id
                case monthlyCost = "monthly_cost"
            }
        }
        struct Row: Decodable {
            var useCase: String
            var recommendation: String
            enum CodingKeys: String, CodingKey {
                case recommendation
                case useCase = "use_case"
            }
        }
        var options: [Option]
        var useCases: [Row]
        enum CodingKeys: String, CodingKey {
            case options
            case useCases = "use_cases"
        }
    }

    static func decode(_ text: String) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(text.utf8))
    }
}
