/// How long an upstream asked callers to wait: `retry-after-ms` (milliseconds, OpenAI and Anthropic SDKs' header)
/// wins over `Retry-After` (seconds; an HTTP date is not read).
package enum RetryAfter {
    /// The wait in `headers` (name, value pairs, names case-insensitive), or `nil`.
    package static func parse(_ headers: [(String, String)]) -> Duration? {
        var seconds: Duration?
        for (name, value) in headers {
            let trimmed = value.trimmingASCIIWhitespace()
            switch name.lowercased() {
            case "retry-after-ms":
                if let milliseconds = Double(trimmed), milliseconds.isFinite, milliseconds >= 0 {
                    return .milliseconds(Int64(min(milliseconds, 86_400_000)))
                }
            case "retry-after":
                if let value = Double(trimmed), value.isFinite, value >= 0 {
                    seconds = .milliseconds(Int64(min(value, 86_400) * 1000))
                }
            default: continue
            }
        }
        return seconds
    }
}
