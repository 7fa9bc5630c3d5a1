/// What a model charges, in US dollars per million tokens.
public struct ModelPrice: Sendable, Hashable, Decodable {
    /// Uncached prompt tokens.
    public var input: Double
    /// Generated tokens (reasoning included).
    public var output: Double
    /// Prompt tokens read from the provider's cache (`nil`: the input price).
    public var cacheRead: Double?
    /// Prompt tokens written to the provider's cache (`nil`: the input price; OpenAI charges no premium).
    public var cacheWrite: Double?

    enum CodingKeys: String, CodingKey {
        case input, output
        case cacheRead = "cache_read"
        case cacheWrite = "cache_write"
    }

    /// Creates a price.
    public init(input: Double, output: Double, cacheRead: Double? = nil, cacheWrite: Double? = nil) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
    }

    /// What `usage` costs at this price.
    ///
    /// ``Usage/inputTokens`` counts cached tokens too, so the uncached part is the input minus cache reads and writes.
    public func cost(of usage: Usage) -> Cost {
        func dollars(_ tokens: Int, _ perMillion: Double) -> Double { Double(tokens) * perMillion / 1_000_000 }
        let uncached = max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens)
        return Cost(
            input: dollars(uncached, self.input),
            output: dollars(usage.outputTokens, self.output),
            cacheRead: dollars(usage.cacheReadTokens, self.cacheRead ?? self.input),
            cacheWrite: dollars(usage.cacheWriteTokens, self.cacheWrite ?? self.input)
        )
    }
}
