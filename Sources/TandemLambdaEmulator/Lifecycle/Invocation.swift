public import NIOCore

/// One invoke request as the emulator holds it: the event and what `GET next` tells the runtime about it.
public struct Invocation: Equatable, Sendable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    public var requestID: String
    /// The event bytes, passed to the runtime unchanged.
    public var payload: ByteBuffer
    /// The event's content type (`application/json` unless the caller said otherwise).
    public var contentType: String
    /// `Lambda-Runtime-Trace-Id`, if any.
    public var traceID: String?
    /// `Lambda-Runtime-Client-Context` (JSON), if any.
    public var clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity` (JSON), if any.
    public var cognitoIdentity: String?
    /// `Lambda-Runtime-Aws-Tenant-Id`, if any.
    public var tenantID: String?
    /// Whether the caller asked for a streamed result.
    public var streaming: Bool

    /// Creates an invocation.
    /// - Parameters:
    ///   - requestID: The request id the runtime sees.
    ///   - payload: The event bytes.
    ///   - contentType: The event's content type.
    ///   - traceID: The trace header to hand over, if any.
    ///   - clientContext: The client context JSON, if any.
    ///   - cognitoIdentity: The Cognito identity JSON, if any.
    ///   - tenantID: The tenant id, if any.
    ///   - streaming: Whether the caller reads the result as a stream.
    public init(
        requestID: String,
        payload: ByteBuffer,
        contentType: String = "application/json",
        traceID: String? = nil,
        clientContext: String? = nil,
        cognitoIdentity: String? = nil,
        tenantID: String? = nil,
        streaming: Bool = false
    ) {
        self.requestID = requestID
        self.payload = payload
        self.contentType = contentType
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantID = tenantID
        self.streaming = streaming
    }
}
