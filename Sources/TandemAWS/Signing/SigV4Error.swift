/// A request that cannot be signed.
///
/// The message never includes credentials. Switch on ``code`` to react.
public struct SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable kind of a ``SigV4Error``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidURL = "invalid_url"
        }

        private let base: Base

        /// A URL could not be split into scheme, host, path and query.
        public static let invalidURL = Code(base: .invalidURL)

        public var description: String { self.base.rawValue }
    }

    /// The stable kind of error.
    public let code: Code
    /// A message for people.
    public let message: String

    /// The URL has no `http`/`https` scheme or no host.
    public static let invalidURL = SigV4Error(
        code: .invalidURL,
        message: "the URL needs an http or https scheme and a host"
    )

    public var description: String { "SigV4Error(\(self.code)): \(self.message)" }
}
