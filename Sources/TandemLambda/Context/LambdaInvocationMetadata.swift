/// The headers the Runtime API sends with each event on `GET /runtime/invocation/next`.
package struct LambdaInvocationMetadata: Sendable, Hashable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    package var requestID: String
    /// `Lambda-Runtime-Deadline-Ms`.
    package var deadlineMilliseconds: Int64
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    package var invokedFunctionARN: String
    /// `Lambda-Runtime-Trace-Id`.
    package var traceID: String?
    /// `Lambda-Runtime-Client-Context` (JSON).
    package var clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity` (JSON).
    package var cognitoIdentity: String?
    /// `Lambda-Runtime-Aws-Tenant-Id`.
    package var tenantID: String?
    /// `Lambda-Runtime-Invocation-Id`, echoed on the response when present.
    package var invocationID: String?

    package init(
        requestID: String,
        deadlineMilliseconds: Int64,
        invokedFunctionARN: String,
        traceID: String? = nil,
        clientContext: String? = nil,
        cognitoIdentity: String? = nil,
        tenantID: String? = nil,
        invocationID: String? = nil
    ) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantID = tenantID
        self.invocationID = invocationID
    }

    /// Reads the metadata from `next`'s response headers (names compared case-insensitively).
    /// - Throws: ``LambdaRuntimeError`` when the request id or the deadline is missing or malformed.
    package init(headers: [(name: String, value: String)]) throws {
        func value(_ name: String) -> String? {
            headers.first(where: { $0.name.caseInsensitiveEquals(name) })?.value
        }
        guard let requestID = value("Lambda-Runtime-Aws-Request-Id"), !requestID.isEmpty else {
            throw LambdaRuntimeError.invalidNextResponse("missing Lambda-Runtime-Aws-Request-Id")
        }
        guard let deadlineText = value("Lambda-Runtime-Deadline-Ms"), let deadline = Int64(deadlineText) else {
            throw LambdaRuntimeError.invalidNextResponse("missing or malformed Lambda-Runtime-Deadline-Ms")
        }
        self.init(
            requestID: requestID,
            deadlineMilliseconds: deadline,
            invokedFunctionARN: value("Lambda-Runtime-Invoked-Function-Arn") ?? "",
            traceID: value("Lambda-Runtime-Trace-Id"),
            clientContext: value("Lambda-Runtime-Client-Context"),
            cognitoIdentity: value("Lambda-Runtime-Cognito-Identity"),
            tenantID: value("Lambda-Runtime-Aws-Tenant-Id"),
            invocationID: value("Lambda-Runtime-Invocation-Id")
        )
    }
}

extension String {
    package func caseInsensitiveEquals(_ other: String) -> Bool {
        self.utf8.count == other.utf8.count
            && zip(self.utf8, other.utf8).allSatisfy { a, b in
                (a | 0x20) == (b | 0x20) && ((a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A) || a == b)
            }
    }
}
