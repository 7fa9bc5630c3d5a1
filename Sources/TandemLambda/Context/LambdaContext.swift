public import Logging
public import TandemCore

/// Everything a handler knows about the invocation it is serving.
///
/// Read the current one anywhere below a handler with ``LambdaContext/current`` (a task-local), e.g. to put the
/// trace id on an outgoing request. With `AWS_LAMBDA_MAX_CONCURRENCY` above 1, this is the only correct way to
/// read the trace id: the `_X_AMZN_TRACE_ID` environment variable is set only in single-concurrency mode.
public struct LambdaContext: Sendable {
    /// The invocation's request id (`Lambda-Runtime-Aws-Request-Id`).
    public let requestID: String
    /// When Lambda will stop the invocation.
    public let deadline: Deadline
    /// The ARN the caller invoked, with a version or alias qualifier when one was used.
    public let invokedFunctionARN: String
    /// The X-Ray trace header value (`Root=...;Parent=...;Sampled=...`), if tracing sent one.
    public let traceID: String?
    /// The raw client context JSON sent by a mobile SDK caller, if any.
    public let clientContextJSON: String?
    /// The raw Amazon Cognito identity JSON, if any.
    public let cognitoIdentityJSON: String?
    /// The tenant id of a multi-tenant invocation (`Lambda-Runtime-Aws-Tenant-Id`), if any.
    public let tenantID: String?
    /// The function's name, version, memory and log names.
    public let function: LambdaFunctionInfo
    /// A logger with the request id stamped into its metadata.
    public let logger: Logger

    /// Creates a context; the runtime does this for every invocation, tests may too.
    public init(
        requestID: String,
        deadline: Deadline,
        invokedFunctionARN: String = "",
        traceID: String? = nil,
        clientContextJSON: String? = nil,
        cognitoIdentityJSON: String? = nil,
        tenantID: String? = nil,
        function: LambdaFunctionInfo = LambdaFunctionInfo(name: "tandem"),
        logger: Logger
    ) {
        self.requestID = requestID
        self.deadline = deadline
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContextJSON = clientContextJSON
        self.cognitoIdentityJSON = cognitoIdentityJSON
        self.tenantID = tenantID
        self.function = function
        self.logger = logger
    }

    /// Time left before Lambda stops the invocation.
    public var remainingTime: Duration { self.deadline.remaining }

    /// The client context decoded as JSON, if present and valid.
    public var clientContext: JSONValue? { Self.decodeJSON(self.clientContextJSON) }

    /// The Cognito identity decoded as JSON (`cognitoIdentityId`, `cognitoIdentityPoolId`), if present and valid.
    public var cognitoIdentity: JSONValue? { Self.decodeJSON(self.cognitoIdentityJSON) }

    /// The context of the invocation the current task is serving, if any.
    @TaskLocal public static var current: LambdaContext?

    private static func decodeJSON(_ text: String?) -> JSONValue? {
        guard let text, !text.isEmpty else { return nil }
        return try? JSONValue(parsing: text)
    }
}

extension LambdaContext {
    package init(metadata: LambdaInvocationMetadata, function: LambdaFunctionInfo, logger: Logger) {
        var logger = logger
        logger[metadataKey: "requestId"] = .string(metadata.requestID)
        if let tenantID = metadata.tenantID { logger[metadataKey: "tenantId"] = .string(tenantID) }
        self.init(
            requestID: metadata.requestID,
            deadline: Deadline(millisecondsSinceEpoch: metadata.deadlineMilliseconds),
            invokedFunctionARN: metadata.invokedFunctionARN,
            traceID: metadata.traceID,
            clientContextJSON: metadata.clientContext,
            cognitoIdentityJSON: metadata.cognitoIdentity,
            tenantID: metadata.tenantID,
            function: function,
            logger: logger
        )
    }
}
