import Foundation
import Testing

@testable import TandemLLM

@Suite("Prices: usage to cost, lookup of dated and prefixed ids, the default table against LiteLLM's")
struct PriceTableTests {
    @Test("cached tokens are billed at the cache prices and taken out of the input; output at the output price")
    func cost() {
        let price = ModelPrice(input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75)
        let usage = Usage(inputTokens: 10_000, outputTokens: 2000, cacheReadTokens: 6000, cacheWriteTokens: 1000)
        let cost = price.cost(of: usage)
        #expect(abs(cost.input - 3000 * 3 / 1e6) < 1e-12)
        #expect(abs(cost.cacheRead - 6000 * 0.3 / 1e6) < 1e-12)
        #expect(abs(cost.cacheWrite - 1000 * 3.75 / 1e6) < 1e-12)
        #expect(abs(cost.output - 2000 * 15 / 1e6) < 1e-12)
        #expect(abs(cost.total - (0.009 + 0.0018 + 0.00375 + 0.03)) < 1e-12)
    }

    @Test("without cache prices, cached tokens cost the input price")
    func cacheDefaults() {
        let cost = ModelPrice(input: 2, output: 8).cost(of: Usage(inputTokens: 100, cacheReadTokens: 40))
        #expect(abs(cost.total - 100 * 2 / 1e6) < 1e-15)
    }

    @Test(
        "dated snapshots, provider prefixes and Bedrock cross-region prefixes resolve to the family's price",
        arguments: [
            ("gpt-4o-2024-08-06", "gpt-4o"),
            ("openai/gpt-4o-mini", "gpt-4o-mini"),
            ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
            ("us.anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0"),
            ("bedrock/eu.amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0"),
        ]
    )
    func lookup(model: String, family: String) throws {
        let table = PriceTable.default
        #expect(try #require(table.price(for: model)) == table.prices[family])
    }

    @Test("unknown models have no price; overrides replace and extend the table")
    func overrides() {
        #expect(PriceTable.default.price(for: "my-finetune") == nil)
        let table = PriceTable.default.merging([
            "my-finetune": ModelPrice(input: 1, output: 2), "gpt-4o": ModelPrice(input: 9, output: 9),
        ])
        #expect(table.price(for: "my-finetune") == ModelPrice(input: 1, output: 2))
        #expect(table.price(for: "gpt-4o")?.input == 9)
        #expect(table.version == "2026-11-29+overrides")
    }

    /// LiteLLM's cost map in the test virtualenv (`<root>/.venv`), the source the default table records.
    static func liteLLMCostMap() throws -> [String: Any]? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let lib = root.appendingPathComponent(".venv/lib")
        guard let versions = try? FileManager.default.contentsOfDirectory(atPath: lib.path) else { return nil }
        for version in versions where version.hasPrefix("python") {
            let file = lib.appendingPathComponent(
                "\(version)/site-packages/litellm/model_prices_and_context_window_backup.json"
            )
            if let data = try? Data(contentsOf: file) {
                return try JSONSerialization.jsonObject(with: data) as? [String: Any]
            }
        }
        return nil
    }

    @Test("every default price equals LiteLLM's cost map (per token x 1e6) for the same model id")
    func matchesLiteLLM() throws {
        let map = try #require(try Self.liteLLMCostMap(), "LiteLLM is installed in <root>/.venv by tests/requirements.txt")
        for (model, price) in PriceTable.default.prices.sorted(by: { $0.key < $1.key }) where model != "all-minilm-l6-v2" {
            let entry = try #require(map[model] as? [String: Any], "LiteLLM has no entry for \(model)")
            func perMillion(_ key: String) -> Double? { (entry[key] as? Double).map { ($0 * 1e6 * 1e6).rounded() / 1e6 } }
            #expect(perMillion("input_cost_per_token") == price.input, "\(model) input")
            #expect((perMillion("output_cost_per_token") ?? 0) == price.output, "\(model) output")
            #expect(perMillion("cache_read_input_token_cost") == price.cacheRead, "\(model) cache read")
            #expect(perMillion("cache_creation_input_token_cost") == price.cacheWrite, "\(model) cache write")
        }
    }
}
