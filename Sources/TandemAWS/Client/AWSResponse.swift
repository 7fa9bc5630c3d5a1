/// A successful (2xx) answer of an AWS service: status, headers and a body to stream or collect.
public struct AWSResponse: Sendable {
    /// The HTTP status (200-299).
    public var status: Int
    /// The response headers, names as received.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: AWSResponseBody

    /// Creates a response (for tests and adapters).
    ///
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - headers: The headers.
    ///   - body: The body.
    public init(status: Int, headers: [(name: String, value: String)], body: AWSResponseBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive), if any.
    ///
    /// - Parameter name: The header name.
    /// - Returns: The value.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return self.headers.first(where: { $0.name.lowercased() == lowered })?.value
    }

    /// The request id (`x-amzn-RequestId` or S3's `x-amz-request-id`).
    public var requestID: String? {
        self.header("x-amzn-requestid") ?? self.header("x-amz-request-id") ?? self.header("x-amzn-request-id")
    }
}
