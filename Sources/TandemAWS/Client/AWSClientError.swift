/// A request to an AWS service failed on this side: configuration, transport, deadline or an unreadable answer.
///
/// Errors the service itself reports are ``AWSServiceError``. Messages never contain secrets. Switch on ``code``.
public struct AWSClientError: Error, Sendable, CustomStringConvertible {
    /// The stable kind of an ``AWSClientError``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfiguration = "invalid_configuration"
            case invalidEndpoint = "invalid_endpoint"
            case transport = "transport_error"
            case deadlineExceeded = "deadline_exceeded"
            case invalidResponse = "invalid_response"
            case responseTooLarge = "response_too_large"
        }

        private let base: Base

        /// No region, or another setting is missing or invalid.
        public static let invalidConfiguration = Code(base: .invalidConfiguration)
        /// An endpoint URL could not be parsed.
        public static let invalidEndpoint = Code(base: .invalidEndpoint)
        /// The connection failed (after retries).
        public static let transport = Code(base: .transport)
        /// The deadline passed before the service answered.
        public static let deadlineExceeded = Code(base: .deadlineExceeded)
        /// The service answered something that could not be decoded.
        public static let invalidResponse = Code(base: .invalidResponse)
        /// A body was larger than the limit it is read with.
        public static let responseTooLarge = Code(base: .responseTooLarge)

        public var description: String { self.base.rawValue }
    }

    /// The stable kind of error.
    public let code: Code
    /// A message for people; never contains a secret.
    public let message: String
    /// The error that caused this one (a transport or decoding error), if any.
    public let underlying: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind.
    ///   - message: A message for people; never put a secret in it.
    ///   - underlying: The cause.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        var text = "AWSClientError(\(self.code)): \(self.message)"
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
