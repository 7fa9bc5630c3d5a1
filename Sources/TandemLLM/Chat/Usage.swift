/// Tokens a call used, in the provider-neutral split.
///
/// `inputTokens` counts every prompt token, cached ones included (OpenAI's convention); Anthropic's and Bedrock's
/// translators add their cache read/write counts to it so that the same conversation reports the same total
/// everywhere.
public struct Usage: Sendable, Hashable {
    /// Prompt tokens, including cached ones.
    public var inputTokens: Int
    /// Generated tokens, including reasoning tokens.
    public var outputTokens: Int
    /// Prompt tokens read from the provider's cache (billed at the cache-read price).
    public var cacheReadTokens: Int
    /// Prompt tokens written to the provider's cache (billed at the cache-write price).
    public var cacheWriteTokens: Int
    /// Output tokens spent on reasoning.
    public var reasoningTokens: Int

    /// Creates a usage record.
    public init(
        inputTokens: Int = 0,
        outputTokens: Int = 0,
        cacheReadTokens: Int = 0,
        cacheWriteTokens: Int = 0,
        reasoningTokens: Int = 0
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.reasoningTokens = reasoningTokens
    }

    /// Input plus output tokens.
    public var totalTokens: Int { self.inputTokens + self.outputTokens }

    /// Two usages added (several calls of one agent run or one request's retries).
    public static func + (lhs: Usage, rhs: Usage) -> Usage {
        Usage(
            inputTokens: lhs.inputTokens + rhs.inputTokens,
            outputTokens: lhs.outputTokens + rhs.outputTokens,
            cacheReadTokens: lhs.cacheReadTokens + rhs.cacheReadTokens,
            cacheWriteTokens: lhs.cacheWriteTokens + rhs.cacheWriteTokens,
            reasoningTokens: lhs.reasoningTokens + rhs.reasoningTokens
        )
    }
}
