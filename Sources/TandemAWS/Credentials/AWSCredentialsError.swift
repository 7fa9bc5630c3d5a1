/// Credentials could not be resolved.
///
/// The message names the provider and the variable, file or status that failed, never a secret, a token or a
/// response body. Switch on ``code``.
public struct AWSCredentialsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable kind of an ``AWSCredentialsError``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound = "credentials_not_found"
            case invalidConfiguration = "invalid_credentials_configuration"
            case providerUnavailable = "credentials_provider_unavailable"
            case invalidResponse = "invalid_credentials_response"
        }

        private let base: Base

        /// No provider in the chain found credentials.
        public static let notFound = Code(base: .notFound)
        /// A provider is configured, but its configuration is incomplete or invalid.
        public static let invalidConfiguration = Code(base: .invalidConfiguration)
        /// A credentials endpoint could not be reached or answered with an error status.
        public static let providerUnavailable = Code(base: .providerUnavailable)
        /// A credentials endpoint answered something that is not a credentials document.
        public static let invalidResponse = Code(base: .invalidResponse)

        public var description: String { self.base.rawValue }
    }

    /// The stable kind of error.
    public let code: Code
    /// A message for people; never contains a secret.
    public let message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind.
    ///   - message: A message for people; never put a secret in it.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "AWSCredentialsError(\(self.code)): \(self.message)" }
}
