public import NIOCore

/// A request to an AWS service, before it is signed: method, path relative to the endpoint, query, headers and body.
///
/// ```swift
/// var request = AWSRequest(operation: "SendMessage", method: "POST", path: "/")
/// request.headers = [("content-type", "application/x-amz-json-1.0"), ("x-amz-target", "AmazonSQS.SendMessage")]
/// request.body = ByteBuffer(string: json)
/// ```
public struct AWSRequest: Sendable {
    /// How the body is represented in the signature.
    public struct PayloadSigning: Sendable, Hashable {
        private enum Base: Hashable, Sendable {
            case signed, unsigned
        }

        private let base: Base

        /// The body's SHA-256 is signed (every service; S3 over plain HTTP).
        public static let signed = PayloadSigning(base: .signed)
        /// `UNSIGNED-PAYLOAD` is signed instead (S3 over HTTPS, large or streamed bodies).
        public static let unsigned = PayloadSigning(base: .unsigned)

        var isUnsigned: Bool { self.base == .unsigned }
    }

    /// The operation name, for logs and errors (e.g. `SendMessage`, `GetObject`).
    public var operation: String
    /// The HTTP method.
    public var method: String
    /// The percent-encoded path, relative to the endpoint's base path (`/` for JSON-protocol services).
    ///
    /// Encode each segment once with ``AWSPercentEncoding/encode(_:)`` (or a whole S3 key with
    /// ``AWSPercentEncoding/encodePath(_:)``); services that double-encode (everything but S3) get the canonical URI
    /// encoded again by the signer, so a Bedrock model id `a:0` is sent as `a%3A0` and signed as `a%253A0`.
    public var path: String
    /// Query parameters, decoded; they are percent-encoded when sent and signed.
    public var query: [(name: String, value: String)]
    /// Headers to send and sign (`host`, `content-type`, `x-amz-target`, `range`, ...). A `host` header here is
    /// sent and signed instead of the endpoint's (virtual-hosted S3 behind a proxy, tests).
    public var headers: [(name: String, value: String)]
    /// The body, or `nil` for none.
    public var body: ByteBuffer?
    /// How the body is signed.
    public var payloadSigning: PayloadSigning
    /// A label prepended to the endpoint's host for this request (`my-bucket.` for virtual-hosted S3), or `nil`.
    public var hostPrefix: String?

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - operation: The operation name, for logs and errors.
    ///   - method: The HTTP method.
    ///   - path: The percent-encoded path relative to the endpoint (`/` by default).
    ///   - query: Decoded query parameters.
    ///   - headers: Headers to send and sign.
    ///   - body: The body.
    ///   - payloadSigning: How the body is signed (``PayloadSigning/signed`` by default).
    ///   - hostPrefix: A label prepended to the endpoint's host (virtual-hosted S3), ending with `.`.
    public init(
        operation: String,
        method: String,
        path: String = "/",
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: ByteBuffer? = nil,
        payloadSigning: PayloadSigning = .signed,
        hostPrefix: String? = nil
    ) {
        self.operation = operation
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.payloadSigning = payloadSigning
        self.hostPrefix = hostPrefix
    }

    /// The query string as sent and signed: `name=value` pairs, each part percent-encoded, joined by `&`.
    public var encodedQuery: String {
        self.query.map { AWSPercentEncoding.encode($0.name) + "=" + AWSPercentEncoding.encode($0.value) }
            .joined(separator: "&")
    }
}
