#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The response a handler returns to API Gateway HTTP API (payload format 2.0) or a Lambda Function URL.
///
/// Format 2.0 has no `multiValueHeaders`: a header with several values is one comma-joined value, and each
/// `Set-Cookie` goes into ``cookies`` instead. ``init(statusCode:headerFields:body:)`` does both for you.
///
/// ```swift
/// let response = APIGatewayV2Response(
///     statusCode: 200,
///     headerFields: [("Content-Type", "application/json"), ("Set-Cookie", "session=1; HttpOnly")],
///     body: Array(#"{"ok":true}"#.utf8)
/// )
/// ```
public struct APIGatewayV2Response: Codable, Sendable, Hashable {
    /// The HTTP status code.
    public var statusCode: Int
    /// The headers, one (comma-joined) value per name.
    public var headers: [String: String]?
    /// The `Set-Cookie` values, one per cookie.
    public var cookies: [String]?
    /// The body: text, or base64 when ``isBase64Encoded`` is `true`.
    public var body: String?
    /// Whether ``body`` is base64.
    public var isBase64Encoded: Bool?

    /// Creates a response from its wire fields.
    /// - Parameters:
    ///   - statusCode: The HTTP status code.
    ///   - headers: The headers, one value per name (join repeated values with `,`).
    ///   - cookies: The `Set-Cookie` values.
    ///   - body: The body text, or base64 text when `isBase64Encoded` is `true`.
    ///   - isBase64Encoded: Whether `body` is base64.
    public init(
        statusCode: Int,
        headers: [String: String]? = nil,
        cookies: [String]? = nil,
        body: String? = nil,
        isBase64Encoded: Bool? = nil
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    /// Creates a response from ordered header fields and raw body bytes.
    ///
    /// Repeated header names (compared without regard to case; the first spelling wins) are joined with `", "`;
    /// `Set-Cookie` fields become ``cookies``. The body is sent as text when it is valid UTF-8 and as base64
    /// otherwise.
    /// - Parameters:
    ///   - statusCode: The HTTP status code.
    ///   - headerFields: The header fields in order, repeats allowed.
    ///   - body: The body bytes; empty means no body.
    public init(statusCode: Int, headerFields: [(name: String, value: String)], body: some Collection<UInt8>) {
        var headers: [String: String] = [:]
        var spelling: [String: String] = [:]
        var cookies: [String] = []
        for (name, value) in headerFields {
            let lowered = name.lowercased()
            if lowered == "set-cookie" {
                cookies.append(value)
            } else if let existing = spelling[lowered] {
                headers[existing, default: ""] += ", " + value
            } else {
                spelling[lowered] = name
                headers[name] = value
            }
        }
        self.statusCode = statusCode
        self.headers = headers.isEmpty ? nil : headers
        self.cookies = cookies.isEmpty ? nil : cookies
        if body.isEmpty {
            self.body = nil
            self.isBase64Encoded = false
        } else if let text = String(validating: body, as: UTF8.self) {
            self.body = text
            self.isBase64Encoded = false
        } else {
            self.body = Data(body).base64EncodedString()
            self.isBase64Encoded = true
        }
    }
}
