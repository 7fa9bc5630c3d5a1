extension PriceTable {
    /// The committed default prices (US dollars per million tokens), edition 2026-11-29.
    ///
    /// Sources: the vendors' price pages (openai.com/api/pricing, anthropic.com/pricing, aws.amazon.com/bedrock/pricing,
    /// us-east-1 on-demand) as recorded in LiteLLM 1.108.0's `model_prices_and_context_window_backup.json`, which a
    /// test compares this table against. Override or extend it with `prices:` in the configuration; prices change,
    /// so a new edition is a new commit with a new date.
    public static let `default` = PriceTable(
        [
            // OpenAI (cache writes cost the input price).
            "gpt-4o": ModelPrice(input: 2.5, output: 10, cacheRead: 1.25),
            "gpt-4o-mini": ModelPrice(input: 0.15, output: 0.6, cacheRead: 0.075),
            "gpt-4.1": ModelPrice(input: 2, output: 8, cacheRead: 0.5),
            "gpt-4.1-mini": ModelPrice(input: 0.4, output: 1.6, cacheRead: 0.1),
            "gpt-4.1-nano": ModelPrice(input: 0.1, output: 0.4, cacheRead: 0.025),
            "gpt-5": ModelPrice(input: 1.25, output: 10, cacheRead: 0.125),
            "gpt-5-mini": ModelPrice(input: 0.25, output: 2, cacheRead: 0.025),
            "gpt-5-nano": ModelPrice(input: 0.05, output: 0.4, cacheRead: 0.005),
            "gpt-5.1": ModelPrice(input: 1.25, output: 10, cacheRead: 0.125),
            "o1": ModelPrice(input: 15, output: 60, cacheRead: 7.5),
            "o3": ModelPrice(input: 2, output: 8, cacheRead: 0.5),
            "o3-mini": ModelPrice(input: 1.1, output: 4.4, cacheRead: 0.55),
            "o4-mini": ModelPrice(input: 1.1, output: 4.4, cacheRead: 0.275),
            "text-embedding-3-small": ModelPrice(input: 0.02, output: 0),
            "text-embedding-3-large": ModelPrice(input: 0.13, output: 0),
            "text-embedding-ada-002": ModelPrice(input: 0.1, output: 0),
            // Anthropic.
            "claude-haiku-4-5": ModelPrice(input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25),
            "claude-sonnet-4-5": ModelPrice(input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75),
            "claude-opus-4-5": ModelPrice(input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25),
            // Bedrock (on-demand, us-east-1; cross-region prefixes such as `us.` resolve to these).
            "anthropic.claude-3-5-haiku-20241022-v1:0": ModelPrice(
                input: 0.8,
                output: 4,
                cacheRead: 0.08,
                cacheWrite: 1
            ),
            "anthropic.claude-3-5-sonnet-20240620-v1:0": ModelPrice(
                input: 3,
                output: 15,
                cacheRead: 0.3,
                cacheWrite: 3.75
            ),
            "anthropic.claude-sonnet-4-20250514-v1:0": ModelPrice(
                input: 3,
                output: 15,
                cacheRead: 0.3,
                cacheWrite: 3.75
            ),
            "anthropic.claude-sonnet-4-5-20250929-v1:0": ModelPrice(
                input: 3,
                output: 15,
                cacheRead: 0.3,
                cacheWrite: 3.75
            ),
            "anthropic.claude-haiku-4-5-20251001-v1:0": ModelPrice(
                input: 1,
                output: 5,
                cacheRead: 0.1,
                cacheWrite: 1.25
            ),
            "amazon.nova-micro-v1:0": ModelPrice(input: 0.035, output: 0.14, cacheRead: 0.00875),
            "amazon.nova-lite-v1:0": ModelPrice(input: 0.06, output: 0.24, cacheRead: 0.015),
            "amazon.nova-pro-v1:0": ModelPrice(input: 0.8, output: 3.2, cacheRead: 0.2),
            "meta.llama3-1-8b-instruct-v1:0": ModelPrice(input: 0.22, output: 0.22),
            "meta.llama3-1-70b-instruct-v1:0": ModelPrice(input: 0.72, output: 0.72),
            "amazon.titan-embed-text-v2:0": ModelPrice(input: 0.02, output: 0),
            "cohere.embed-english-v3": ModelPrice(input: 0.1, output: 0),
            "cohere.embed-multilingual-v3": ModelPrice(input: 0.1, output: 0),
            // The in-process model costs nothing per token.
            "all-minilm-l6-v2": ModelPrice(input: 0, output: 0),
        ],
        version: "2026-11-29"
    )
}
