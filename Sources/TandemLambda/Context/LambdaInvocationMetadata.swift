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
    ///
    /// One pass over the headers: only names starting with `lambda-runtime-` are looked at further (this runs once
    /// per invocation, on the warm path).
    /// - Throws: ``LambdaRuntimeError`` when the request id or the deadline is missing or malformed.
    package init(headers: [(name: String, value: String)]) throws {
        var found = [String?](repeating: nil, count: Field.allCases.count)
        for (name, value) in headers {
            if let field = Field(headerName: name) { found[field.rawValue] = value }
        }
        guard let requestID = found[Field.requestID.rawValue], !requestID.isEmpty else {
            throw LambdaRuntimeError.invalidNextResponse("missing Lambda-Runtime-Aws-Request-Id")
        }
        guard let deadlineText = found[Field.deadline.rawValue], let deadline = Int64(deadlineText) else {
            throw LambdaRuntimeError.invalidNextResponse("missing or malformed Lambda-Runtime-Deadline-Ms")
        }
        self.init(
            requestID: requestID,
            deadlineMilliseconds: deadline,
            invokedFunctionARN: found[Field.functionARN.rawValue] ?? "",
            traceID: found[Field.traceID.rawValue],
            clientContext: found[Field.clientContext.rawValue],
            cognitoIdentity: found[Field.cognitoIdentity.rawValue],
            tenantID: found[Field.tenantID.rawValue],
            invocationID: found[Field.invocationID.rawValue]
        )
    }

    /// The `Lambda-Runtime-*` headers, by the lowercased rest of their name.
    private enum Field: Int, CaseIterable {
        case requestID, deadline, functionARN, traceID, clientContext, cognitoIdentity, tenantID, invocationID

        private static let prefix = Array("lambda-runtime-".utf8)
        private static let suffixes: [[UInt8]] = [
            "aws-request-id", "deadline-ms", "invoked-function-arn", "trace-id", "client-context", "cognito-identity",
            "aws-tenant-id", "invocation-id",
        ].map { Array($0.utf8) }

        init?(headerName: String) {
            var name = headerName  // withUTF8 makes a bridged string contiguous, so it needs a var
            guard let field = name.withUTF8({ Field.match($0) }) else { return nil }
            self = field
        }

        private static func match(_ name: UnsafeBufferPointer<UInt8>) -> Field? {
            let prefix = Field.prefix
            guard name.count > prefix.count else { return nil }
            for index in 0..<prefix.count where lowercased(name[index]) != prefix[index] { return nil }
            let restCount = name.count - prefix.count
            candidates: for field in Field.allCases {
                let suffix = Field.suffixes[field.rawValue]
                guard suffix.count == restCount else { continue }
                for index in 0..<restCount where lowercased(name[prefix.count + index]) != suffix[index] {
                    continue candidates
                }
                return field
            }
            return nil
        }

        private static func lowercased(_ byte: UInt8) -> UInt8 {
            byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        }
    }
}
