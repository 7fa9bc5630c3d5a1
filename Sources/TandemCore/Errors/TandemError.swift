/// An error with a stable code, a message for people, the underlying error and where it was raised.
///
/// Tandem's public errors are values: switch on ``code`` (stable across releases, safe as a metric label)
/// rather than on the message. HTTP-facing layers render it in the wire format of the API it belongs to.
public struct TandemError: Error, Sendable, CustomStringConvertible {
    /// The stable, machine-readable kind of a ``TandemError``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, e.g. `invalid_configuration`.
        public let rawValue: String

        /// Creates a code; use the static members where one fits.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { self.rawValue }

        /// A configuration file or environment value is missing or invalid.
        public static let invalidConfiguration = Code("invalid_configuration")
        /// A request or event could not be decoded.
        public static let invalidInput = Code("invalid_input")
        /// A body or payload exceeded a size limit.
        public static let payloadTooLarge = Code("payload_too_large")
        /// The deadline passed before the work finished.
        public static let deadlineExceeded = Code("deadline_exceeded")
        /// No handler, model or resource with that name.
        public static let notFound = Code("not_found")
        /// An upstream service failed or answered something unusable.
        public static let upstream = Code("upstream_error")
        /// A protocol was violated by a peer.
        public static let protocolViolation = Code("protocol_violation")
        /// Anything else.
        public static let `internal` = Code("internal_error")
    }

    /// The stable kind of error.
    public var code: Code
    /// A message for people; never contains secrets.
    public var message: String
    /// The error that caused this one, if any.
    public var underlying: (any Error)?
    /// Where the error was raised.
    public var file: String
    /// Where the error was raised.
    public var line: Int

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "\(self.code): \(self.message)"
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
