/// The response a handler returns to an API Gateway REST API (Lambda proxy integration) or an HTTP API with
/// payload format 1.0.
///
/// Use ``multiValueHeaders`` for a header with several values (several `Set-Cookie`, for instance); when both
/// are set, API Gateway merges them.
public struct APIGatewayResponse: Codable, Sendable, Hashable {
    /// The HTTP status code.
    public var statusCode: Int
    /// Headers with one value each.
    public var headers: [String: String]?
    /// Headers with several values.
    public var multiValueHeaders: [String: [String]]?
    /// The body, text or base64.
    public var body: String?
    /// Whether ``body`` is base64 (the API must list the content type as binary).
    public var isBase64Encoded: Bool?

    /// Creates a response.
    /// - Parameters:
    ///   - statusCode: The HTTP status code.
    ///   - headers: Headers with one value each.
    ///   - multiValueHeaders: Headers with several values.
    ///   - body: The body, text or base64.
    ///   - isBase64Encoded: Whether `body` is base64.
    public init(
        statusCode: Int,
        headers: [String: String]? = nil,
        multiValueHeaders: [String: [String]]? = nil,
        body: String? = nil,
        isBase64Encoded: Bool? = nil
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }
}
