public import NIOCore

/// A failed invocation as the caller sees it: the validated error type and the error body.
public struct InvocationFailure: Equatable, Sendable {
    /// The error type after RAPID's rule (see ``FunctionErrorType``), e.g. `Runtime.Unknown`, `Sandbox.Timeout`.
    public var errorType: String
    /// The error body: the runtime's error JSON, or one the emulator wrote.
    public var body: ByteBuffer
    /// The body's content type.
    public var contentType: String

    /// Creates a failure.
    /// - Parameters:
    ///   - errorType: The validated error type.
    ///   - body: The error body.
    ///   - contentType: The body's content type.
    public init(errorType: String, body: ByteBuffer, contentType: String = "application/json") {
        self.errorType = errorType
        self.body = body
        self.contentType = contentType
    }

    /// A failure the emulator itself raises, with body `{"errorMessage":...,"errorType":...}`.
    package static func emulator(_ errorType: String, _ message: String) -> Self {
        let json = EmulatorJSON.object(["errorMessage": message, "errorType": errorType])
        return Self(errorType: errorType, body: ByteBuffer(string: json))
    }

    /// `Sandbox.Timeout`: the handler overran its deadline.
    package static func timeout(requestID: String, timeoutMilliseconds: Int64) -> Self {
        let seconds = "\(timeoutMilliseconds / 1000)." + Self.twoDigits((timeoutMilliseconds % 1000) / 10)
        return .emulator("Sandbox.Timeout", "RequestId: \(requestID) Error: Task timed out after \(seconds) seconds")
    }

    /// `Runtime.ExitError`: the bootstrap exited while the invocation was in flight.
    package static func exit(requestID: String, termination: String) -> Self {
        .emulator("Runtime.ExitError", "RequestId: \(requestID) Error: Runtime exited with error: \(termination)")
    }

    /// `Function.ResponseSizeTooLarge`, with RAPID's message.
    package static func responseTooLarge(size: Int) -> Self {
        .emulator(
            "Function.ResponseSizeTooLarge",
            "Response payload size (\(size) bytes) exceeded maximum allowed payload size "
                + "(\(EmulatorLimits.maxResponsePayload) bytes)."
        )
    }

    /// `Runtime.TruncatedResponse`: the response body was cut off.
    package static let truncatedResponse = Self.emulator(
        "Runtime.TruncatedResponse",
        "The runtime's response body ended before it was complete"
    )

    /// `Runtime.InvalidResponseModeHeader`: an unknown `Lambda-Runtime-Function-Response-Mode`.
    package static let invalidResponseMode = Self.emulator(
        "Runtime.InvalidResponseModeHeader",
        "Invalid function response mode"
    )

    /// `Sandbox.Failure`: the emulator stopped before the invocation ran.
    package static let shuttingDown = Self.emulator("Sandbox.Failure", "The emulator is shutting down")

    private static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
