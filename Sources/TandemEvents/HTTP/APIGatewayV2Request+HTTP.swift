extension APIGatewayV2Request {
    /// The `requestContext.http` block: the request line and the client.
    public struct HTTP: Codable, Sendable, Hashable {
        /// The method, e.g. `"POST"`.
        public var method: String
        /// The path, decoded.
        public var path: String
        /// The protocol, e.g. `"HTTP/1.1"`.
        public var `protocol`: String
        /// The client's IP address (the last hop API Gateway saw).
        public var sourceIp: String
        /// The `User-Agent` header, or empty.
        public var userAgent: String
    }
}
