public import TandemCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An HTTP request from an Application Load Balancer to a Lambda target group.
///
/// When the target group has multi-value headers enabled, the load balancer sends only ``multiValueHeaders`` and
/// ``multiValueQueryStringParameters``; otherwise only ``headers`` and ``queryStringParameters`` (the last value
/// wins for repeated names). Unlike API Gateway, the load balancer does **not** percent-decode query parameters.
public struct ALBTargetGroupRequest: Codable, Sendable, Hashable {
    /// The method, e.g. `"GET"`.
    public var httpMethod: String
    /// The request path.
    public var path: String
    /// Query parameters as sent (still percent-encoded), single-value mode.
    public var queryStringParameters: [String: String]?
    /// Query parameters as sent (still percent-encoded), multi-value mode.
    public var multiValueQueryStringParameters: [String: [String]]?
    /// Headers with lowercase names, single-value mode.
    public var headers: [String: String]?
    /// Headers with lowercase names, multi-value mode.
    public var multiValueHeaders: [String: [String]]?
    /// The target group that routed the request.
    public var requestContext: Context
    /// Whether ``body`` is base64.
    public var isBase64Encoded: Bool
    /// The body, text or base64; empty when the request had none.
    public var body: String?

    /// The `requestContext` of a load balancer request.
    public struct Context: Codable, Sendable, Hashable {
        /// The load balancer's part.
        public var elb: ELB
    }

    /// The `requestContext.elb` block.
    public struct ELB: Codable, Sendable, Hashable {
        /// The ARN of the target group that invoked the function.
        public var targetGroupArn: String
    }

    /// The body's bytes, base64 undone when ``isBase64Encoded`` is set; empty when there is no body.
    /// - Returns: The raw body bytes.
    /// - Throws: ``TandemError`` with code `invalid_input` if the body claims base64 but is not.
    public func decodedBody() throws(TandemError) -> Data {
        try Base64Body.bytes(of: self.body, isBase64Encoded: self.isBase64Encoded)
    }

    /// All values of a header, from whichever of ``multiValueHeaders`` or ``headers`` the load balancer sent,
    /// matching the name without regard to case.
    /// - Parameter name: The header name.
    /// - Returns: The values in order; empty when the header is absent.
    public func headerValues(_ name: String) -> [String] {
        if let values = self.multiValueHeaders?.value(forHeader: name) { return values }
        if let value = self.headers?.value(forHeader: name) { return [value] }
        return []
    }
}
