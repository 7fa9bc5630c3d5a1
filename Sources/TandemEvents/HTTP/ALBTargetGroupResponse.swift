/// The response a Lambda target returns to an Application Load Balancer.
///
/// Set ``multiValueHeaders`` when the target group has multi-value headers enabled, ``headers`` otherwise; the
/// load balancer ignores the other one.
public struct ALBTargetGroupResponse: Codable, Sendable, Hashable {
    /// The HTTP status code.
    public var statusCode: Int
    /// The status line text, e.g. `"200 OK"`.
    public var statusDescription: String?
    /// Headers, single-value mode.
    public var headers: [String: String]?
    /// Headers, multi-value mode (several `Set-Cookie`, for instance).
    public var multiValueHeaders: [String: [String]]?
    /// The body, text or base64.
    public var body: String?
    /// Whether ``body`` is base64.
    public var isBase64Encoded: Bool?

    /// Creates a response.
    /// - Parameters:
    ///   - statusCode: The HTTP status code.
    ///   - statusDescription: The status line text, e.g. `"200 OK"`.
    ///   - headers: Headers for single-value mode.
    ///   - multiValueHeaders: Headers for multi-value mode.
    ///   - body: The body, text or base64.
    ///   - isBase64Encoded: Whether `body` is base64.
    public init(
        statusCode: Int,
        statusDescription: String? = nil,
        headers: [String: String]? = nil,
        multiValueHeaders: [String: [String]]? = nil,
        body: String? = nil,
        isBase64Encoded: Bool? = nil
    ) {
        self.statusCode = statusCode
        self.statusDescription = statusDescription
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }
}
