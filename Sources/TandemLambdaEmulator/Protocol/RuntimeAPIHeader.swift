/// Header names of the Lambda Runtime API (2018-06-01) and of the invoke endpoint, in one place.
///
/// NIO compares header names case-insensitively, so these are written the way AWS documents them.
package enum RuntimeAPIHeader {
    // MARK: GET next (emulator -> runtime)

    /// The request id of the invocation handed out by `next`.
    package static let requestID = "Lambda-Runtime-Aws-Request-Id"
    /// Epoch milliseconds by which the invocation must finish.
    package static let deadline = "Lambda-Runtime-Deadline-Ms"
    /// The ARN the caller invoked.
    package static let invokedFunctionARN = "Lambda-Runtime-Invoked-Function-Arn"
    /// The X-Ray trace header for this invocation.
    package static let traceID = "Lambda-Runtime-Trace-Id"
    /// The mobile client context (JSON), when the caller sent one.
    package static let clientContext = "Lambda-Runtime-Client-Context"
    /// The Cognito identity (JSON), when the caller sent one.
    package static let cognitoIdentity = "Lambda-Runtime-Cognito-Identity"
    /// The tenant id, for tenant-isolated functions.
    package static let tenantID = "Lambda-Runtime-Aws-Tenant-Id"
    /// One delivery attempt of the request; a runtime echoes it on `response` and `error`.
    package static let invocationID = "Lambda-Runtime-Invocation-Id"

    // MARK: POST response / error (runtime -> emulator)

    /// `streaming` for a streamed response; absent for a buffered one.
    package static let responseMode = "Lambda-Runtime-Function-Response-Mode"
    /// The error type of `/error` and `/init/error`, and the name of the mid-stream error trailer.
    package static let functionErrorType = "Lambda-Runtime-Function-Error-Type"
    /// The mid-stream error trailer carrying the base64 of the error JSON.
    package static let functionErrorBody = "Lambda-Runtime-Function-Error-Body"

    // MARK: Invoke endpoint (caller <-> emulator)

    /// Lambda's marker of a function error on an invoke response (`Unhandled`).
    package static let amzFunctionError = "X-Amz-Function-Error"
    /// The validated error type on an invoke response (what AWS's emulator sends).
    package static let errorType = "Error-Type"
    /// The request id on an invoke response, or a caller-chosen request id on an invoke request.
    package static let amznRequestID = "X-Amzn-RequestId"
    /// The trace header a caller may send.
    package static let amznTraceID = "X-Amzn-Trace-Id"
    /// The base64 client context a caller may send (as with Lambda's Invoke API).
    package static let amzClientContext = "X-Amz-Client-Context"
    /// The tenant id a caller may send (as with Lambda's Invoke API).
    package static let amzTenantID = "X-Amz-Tenant-Id"
    /// The Cognito identity JSON a caller may send (Tandem's addition; the Invoke API has no header for it).
    package static let tandemCognitoIdentity = "X-Tandem-Cognito-Identity"
    /// `streaming` asks for a streamed invoke (Tandem's addition; `?stream=true` does the same).
    package static let tandemResponseMode = "X-Tandem-Response-Mode"
    /// The function version that ran.
    package static let executedVersion = "X-Amz-Executed-Version"
}
