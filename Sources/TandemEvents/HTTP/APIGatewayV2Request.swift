public import TandemCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An HTTP request from API Gateway HTTP API (payload format 2.0) or a Lambda Function URL.
///
/// Both services send the same shape. Headers that arrived more than once are joined with commas in one value;
/// cookies come separately in ``cookies`` (no `cookie` header); query parameters that repeat are comma-joined in
/// ``queryStringParameters``, while ``rawQueryString`` keeps the original text.
///
/// ```swift
/// let request = try JSONDecoder().decode(APIGatewayV2Request.self, from: event)
/// let body = try request.decodedBody()   // base64 already undone
/// ```
public struct APIGatewayV2Request: Codable, Sendable, Hashable {
    /// The payload format version, `"2.0"`.
    public var version: String
    /// The route that matched, e.g. `"POST /chat"` or `"$default"`; Function URLs may omit it.
    public var routeKey: String?
    /// The request path as the client sent it, still percent-encoded.
    public var rawPath: String
    /// The query string without the `?`, as the client sent it; empty when there is none.
    public var rawQueryString: String
    /// The `Cookie` header split into its cookies (`name=value` each), when the request had any.
    public var cookies: [String]?
    /// The headers; names as sent (Function URLs and HTTP APIs lowercase them), repeated values comma-joined.
    /// Empty when the event has none.
    public var headers: [String: String]
    /// The query parameters, decoded; repeated parameters comma-joined. `nil` when there are none.
    public var queryStringParameters: [String: String]?
    /// The path parameters of the matched route (`{proxy+}` and friends). `nil` when there are none.
    public var pathParameters: [String: String]?
    /// The stage variables. `nil` when there are none.
    public var stageVariables: [String: String]?
    /// Who called, through which API and when.
    public var requestContext: Context
    /// The body: text, or base64 when ``isBase64Encoded`` is set. `nil` when the request had none.
    public var body: String?
    /// Whether ``body`` is base64 (binary or non-text content types).
    public var isBase64Encoded: Bool

    /// The body's bytes, base64 undone when ``isBase64Encoded`` is set; empty when there is no body.
    /// - Returns: The raw body bytes.
    /// - Throws: ``TandemError`` with code `invalid_input` if the body claims base64 but is not.
    public func decodedBody() throws(TandemError) -> Data {
        try Base64Body.bytes(of: self.body, isBase64Encoded: self.isBase64Encoded)
    }

    /// The value of a header, matching its name without regard to case.
    /// - Parameter name: The header name, e.g. `"Content-Type"`.
    /// - Returns: The (comma-joined) value, or `nil` when the header is absent.
    public func header(_ name: String) -> String? {
        self.headers.value(forHeader: name)
    }

    enum CodingKeys: String, CodingKey {
        case version, routeKey, rawPath, rawQueryString, cookies, headers, queryStringParameters, pathParameters
        case stageVariables, requestContext, body, isBase64Encoded
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.version = try container.decode(String.self, forKey: .version)
        self.routeKey = try container.decodeIfPresent(String.self, forKey: .routeKey)
        self.rawPath = try container.decode(String.self, forKey: .rawPath)
        self.rawQueryString = try container.decodeIfPresent(String.self, forKey: .rawQueryString) ?? ""
        self.cookies = try container.decodeIfPresent([String].self, forKey: .cookies)
        self.headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        self.queryStringParameters = try container.decodeIfPresent(
            [String: String].self,
            forKey: .queryStringParameters
        )
        self.pathParameters = try container.decodeIfPresent([String: String].self, forKey: .pathParameters)
        self.stageVariables = try container.decodeIfPresent([String: String].self, forKey: .stageVariables)
        self.requestContext = try container.decode(Context.self, forKey: .requestContext)
        self.body = try container.decodeIfPresent(String.self, forKey: .body)
        self.isBase64Encoded = try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded) ?? false
    }
}
