#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// How long an upstream asked callers to wait: `retry-after-ms` (milliseconds, the OpenAI and Anthropic SDKs'
/// header) wins over `Retry-After`, which is either delta-seconds (`120`) or an HTTP-date (RFC 9110:
/// `Wed, 21 Oct 2015 07:28:00 GMT`, and the obsolete RFC 850 and asctime forms, see ``HTTPDate``).
///
/// A date in the past means "now" (a zero wait); a value that is neither form is ignored, as if the header were
/// absent. Waits are capped at a day.
package enum RetryAfter {
    /// The wait in `headers` (name, value pairs, names case-insensitive), or `nil`.
    ///
    /// - Parameters:
    ///   - headers: The response headers.
    ///   - now: The current time, for an HTTP-date (the system clock by default).
    /// - Returns: The wait, or `nil` when no header gives one.
    package static func parse(_ headers: [(String, String)], now: Date = Date()) -> Duration? {
        var wait: Duration?
        for (name, value) in headers {
            switch name.lowercased() {
            case "retry-after-ms":
                if let milliseconds = Self.milliseconds(value) { return milliseconds }
            case "retry-after":
                if wait == nil { wait = Self.retryAfter(value, now: now) }
            default: continue
            }
        }
        return wait
    }

    /// A `Retry-After` value: delta-seconds or an HTTP-date.
    ///
    /// - Parameters:
    ///   - value: The header value.
    ///   - now: The current time.
    /// - Returns: The wait (zero for a past date), or `nil` for anything else.
    package static func retryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingASCIIWhitespace()
        if let first = trimmed.utf8.first, first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") {
            // delta-seconds; fractions are not in the grammar but some servers send them.
            guard let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 else { return nil }
            return .milliseconds(Int64(min(seconds, 86_400) * 1000))
        }
        let nowSeconds = now.timeIntervalSince1970
        guard nowSeconds.isFinite, let date = HTTPDate.parse(trimmed, now: Int64(nowSeconds.rounded(.down))) else {
            return nil
        }
        let remaining = Double(date) - nowSeconds
        guard remaining > 0 else { return .zero }
        return .milliseconds(Int64((min(remaining, 86_400) * 1000).rounded(.up)))
    }

    /// A `retry-after-ms` value: non-negative milliseconds.
    private static func milliseconds(_ value: String) -> Duration? {
        guard let milliseconds = Double(value.trimmingASCIIWhitespace()), milliseconds.isFinite, milliseconds >= 0 else {
            return nil
        }
        return .milliseconds(Int64(min(milliseconds, 86_400_000)))
    }
}
