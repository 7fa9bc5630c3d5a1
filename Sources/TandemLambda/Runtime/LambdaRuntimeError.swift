/// An error of the Lambda runtime itself (not of a handler): the Runtime API misbehaved or went away.
public struct LambdaRuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case missingRuntimeAPI
        case invalidRuntimeAPIAddress
        case invalidNextResponse
        case runtimeAPIFailed
        case connectionClosed
        case connectionFailed
        case invalidResponse
        case writerMisuse
    }

    private let code: Code
    /// What went wrong, for people.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `AWS_LAMBDA_RUNTIME_API` is not set: this process is not running inside Lambda.
    public static let missingRuntimeAPI = LambdaRuntimeError(
        .missingRuntimeAPI,
        "AWS_LAMBDA_RUNTIME_API is not set"
    )

    /// `AWS_LAMBDA_RUNTIME_API` is not `host:port`.
    public static func invalidRuntimeAPIAddress(_ value: String) -> LambdaRuntimeError {
        LambdaRuntimeError(.invalidRuntimeAPIAddress, "AWS_LAMBDA_RUNTIME_API is not host:port: \(value)")
    }

    /// `GET next` answered something unusable.
    public static func invalidNextResponse(_ reason: String) -> LambdaRuntimeError {
        LambdaRuntimeError(.invalidNextResponse, "invalid response to GET next: \(reason)")
    }

    /// The Runtime API answered 5xx (or another status that means the sandbox is going away): exit promptly.
    public static func runtimeAPIFailed(status: Int, path: String) -> LambdaRuntimeError {
        LambdaRuntimeError(.runtimeAPIFailed, "Runtime API answered \(status) to \(path)")
    }

    /// The Runtime API connection closed.
    public static let connectionClosed = LambdaRuntimeError(.connectionClosed, "Runtime API connection closed")

    /// The Runtime API could not be reached.
    public static func connectionFailed(_ reason: String) -> LambdaRuntimeError {
        LambdaRuntimeError(.connectionFailed, reason)
    }

    /// The Runtime API sent bytes that are not an HTTP/1.1 response.
    public static func invalidResponse(_ reason: String) -> LambdaRuntimeError {
        LambdaRuntimeError(.invalidResponse, "invalid HTTP response from the Runtime API: \(reason)")
    }

    /// A handler used its response writer after finishing it, or wrote in the wrong order.
    public static func writerMisuse(_ reason: String) -> LambdaRuntimeError {
        LambdaRuntimeError(.writerMisuse, reason)
    }

    /// A short, stable description, safe as a metric label.
    public var shortDescription: String { self.code.rawValue }

    public var description: String { "LambdaRuntimeError.\(self.code.rawValue): \(self.message)" }
}
