package import TandemCore

extension BedrockConverse {
    /// Neutral usage from a Converse `usage` object.
    ///
    /// Bedrock's `inputTokens` leaves out the cached prompt tokens; the neutral count includes them, so
    /// `cacheReadInputTokens` and `cacheWriteInputTokens` are added to it.
    package static func usage(_ value: JSONValue?) -> Usage {
        guard let value else { return Usage() }
        func count(_ key: String) -> Int { value[key]?.integerValue.map { Int(clamping: $0) } ?? 0 }
        let read = count("cacheReadInputTokens")
        let write = count("cacheWriteInputTokens")
        return Usage(
            inputTokens: count("inputTokens") + read + write,
            outputTokens: count("outputTokens"),
            cacheReadTokens: read,
            cacheWriteTokens: write
        )
    }

    /// A Converse `usage` object for neutral usage (the inverse of ``usage(_:)``; cache counts only when non-zero).
    package static func usageValue(_ usage: Usage) -> JSONValue {
        let uncached = max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens)
        var object: [String: JSONValue] = [
            "inputTokens": .integer(Int64(uncached)),
            "outputTokens": .integer(Int64(usage.outputTokens)),
            "totalTokens": .integer(Int64(usage.inputTokens + usage.outputTokens)),
        ]
        if usage.cacheReadTokens > 0 { object["cacheReadInputTokens"] = .integer(Int64(usage.cacheReadTokens)) }
        if usage.cacheWriteTokens > 0 { object["cacheWriteInputTokens"] = .integer(Int64(usage.cacheWriteTokens)) }
        return .object(object)
    }
}
