#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The status line of a streamed HTTP response from Lambda (Function URLs, API Gateway response streaming).
///
/// On the wire it is the JSON `{"statusCode":...,"headers":{...},"cookies":[...]}` followed by exactly eight NUL
/// bytes, sent before the body with the content type ``HTTPIntegrationPrelude/contentType``. `Set-Cookie`
/// headers travel in `cookies`; other repeated headers are comma-joined.
public struct HTTPIntegrationPrelude: Sendable, Hashable, Encodable {
    /// The content type that tells Lambda the stream starts with a prelude.
    public static let contentType = "application/vnd.awslambda.http-integration-response"

    /// The HTTP status code.
    public var statusCode: Int
    /// Response headers (lower-case names, repeated values comma-joined).
    public var headers: [String: String]
    /// `Set-Cookie` values.
    public var cookies: [String]

    /// Builds a prelude from a list of headers, moving `Set-Cookie` to ``cookies``.
    public init(statusCode: Int, headers: [(name: String, value: String)]) {
        self.statusCode = statusCode
        var merged: [String: String] = [:]
        var cookies: [String] = []
        for (name, value) in headers {
            let key = name.lowercased()
            if key == "set-cookie" {
                cookies.append(value)
            } else if let existing = merged[key] {
                merged[key] = existing + ", " + value
            } else {
                merged[key] = value
            }
        }
        self.headers = merged
        self.cookies = cookies
    }

    /// The prelude bytes: compact JSON (which cannot contain a raw NUL: JSON escapes it) and eight NULs.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = Array((try? encoder.encode(self)) ?? Data(#"{"statusCode":500}"#.utf8))
        bytes.append(contentsOf: repeatElement(0, count: 8))
        return bytes
    }
}
