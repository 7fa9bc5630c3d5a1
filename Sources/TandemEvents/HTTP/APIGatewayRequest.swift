public import TandemCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An HTTP request from an API Gateway REST API (Lambda proxy integration), or from an HTTP API configured with
/// payload format 1.0.
///
/// Single-value fields keep the last value of a repeated header or parameter; the `multiValue` fields keep all of
/// them. Query and path parameters arrive decoded.
public struct APIGatewayRequest: Codable, Sendable, Hashable {
    /// `"1.0"` for HTTP APIs with payload format 1.0; absent for REST APIs.
    public var version: String?
    /// The resource path template that matched, e.g. `/orders/{id}`.
    public var resource: String
    /// The request path.
    public var path: String
    /// The method, e.g. `"POST"`.
    public var httpMethod: String
    /// The headers, last value of each.
    public var headers: [String: String]?
    /// The headers with all their values.
    public var multiValueHeaders: [String: [String]]?
    /// The query parameters, last value of each.
    public var queryStringParameters: [String: String]?
    /// The query parameters with all their values.
    public var multiValueQueryStringParameters: [String: [String]]?
    /// The path parameters of the matched resource.
    public var pathParameters: [String: String]?
    /// The stage variables.
    public var stageVariables: [String: String]?
    /// Who called, through which API and when.
    public var requestContext: Context
    /// The body: text, or base64 when ``isBase64Encoded`` is set.
    public var body: String?
    /// Whether ``body`` is base64.
    public var isBase64Encoded: Bool

    /// The body's bytes, base64 undone when ``isBase64Encoded`` is set; empty when there is no body.
    /// - Returns: The raw body bytes.
    /// - Throws: ``TandemError`` with code `invalid_input` if the body claims base64 but is not.
    public func decodedBody() throws(TandemError) -> Data {
        try Base64Body.bytes(of: self.body, isBase64Encoded: self.isBase64Encoded)
    }

    /// All values of a header, matching the name without regard to case.
    /// - Parameter name: The header name.
    /// - Returns: The values in order; empty when the header is absent.
    public func headerValues(_ name: String) -> [String] {
        if let values = self.multiValueHeaders?.value(forHeader: name) { return values }
        if let value = self.headers?.value(forHeader: name) { return [value] }
        return []
    }

    enum CodingKeys: String, CodingKey {
        case version, resource, path, httpMethod, headers, multiValueHeaders, queryStringParameters
        case multiValueQueryStringParameters, pathParameters, stageVariables, requestContext, body, isBase64Encoded
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.version = try container.decodeIfPresent(String.self, forKey: .version)
        self.resource = try container.decode(String.self, forKey: .resource)
        self.path = try container.decode(String.self, forKey: .path)
        self.httpMethod = try container.decode(String.self, forKey: .httpMethod)
        self.headers = try container.decodeIfPresent([String: String].self, forKey: .headers)
        self.multiValueHeaders = try container.decodeIfPresent([String: [String]].self, forKey: .multiValueHeaders)
        self.queryStringParameters = try container.decodeIfPresent(
            [String: String].self,
            forKey: .queryStringParameters
        )
        self.multiValueQueryStringParameters = try container.decodeIfPresent(
            [String: [String]].self,
            forKey: .multiValueQueryStringParameters
        )
        self.pathParameters = try container.decodeIfPresent([String: String].self, forKey: .pathParameters)
        self.stageVariables = try container.decodeIfPresent([String: String].self, forKey: .stageVariables)
        self.requestContext = try container.decode(Context.self, forKey: .requestContext)
        self.body = try container.decodeIfPresent(String.self, forKey: .body)
        self.isBase64Encoded = try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded) ?? false
    }
}
