public import TandemCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An event from an API Gateway WebSocket API: a client connected, sent a message, or disconnected.
///
/// ``Context/eventType`` says which; ``Context/connectionId`` is the id to answer through the API Gateway
/// Management API (`POST @connections/{connectionId}` at `https://{domainName}/{stage}`). Headers and query
/// parameters come only with `CONNECT`; ``body`` only with `MESSAGE`.
public struct APIGatewayWebSocketRequest: Codable, Sendable, Hashable {
    /// The handshake headers (`CONNECT`, and on `DISCONNECT` a few of them).
    public var headers: [String: String]?
    /// The handshake headers with all their values.
    public var multiValueHeaders: [String: [String]]?
    /// The handshake's query parameters (`CONNECT` only).
    public var queryStringParameters: [String: String]?
    /// The handshake's query parameters with all their values (`CONNECT` only).
    public var multiValueQueryStringParameters: [String: [String]]?
    /// The stage variables.
    public var stageVariables: [String: String]?
    /// The connection, route and event this request is about.
    public var requestContext: Context
    /// The message the client sent (`MESSAGE` only): text, or base64 when ``isBase64Encoded`` is set.
    public var body: String?
    /// Whether ``body`` is base64 (a binary frame).
    public var isBase64Encoded: Bool

    /// The message's bytes, base64 undone when ``isBase64Encoded`` is set; empty when there is no body.
    /// - Returns: The raw message bytes.
    /// - Throws: ``TandemError`` with code `invalid_input` if the body claims base64 but is not.
    public func decodedBody() throws(TandemError) -> Data {
        try Base64Body.bytes(of: self.body, isBase64Encoded: self.isBase64Encoded)
    }

    enum CodingKeys: String, CodingKey {
        case headers, multiValueHeaders, queryStringParameters, multiValueQueryStringParameters, stageVariables
        case requestContext, body, isBase64Encoded
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
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
        self.stageVariables = try container.decodeIfPresent([String: String].self, forKey: .stageVariables)
        self.requestContext = try container.decode(Context.self, forKey: .requestContext)
        self.body = try container.decodeIfPresent(String.self, forKey: .body)
        self.isBase64Encoded = try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded) ?? false
    }
}
