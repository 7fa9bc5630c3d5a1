/// A malformed, corrupted or oversized event-stream message.
///
/// After a decoding error the stream cannot be resynchronised: stop reading it and report ``code`` (stable, safe as a
/// metric label).
public struct EventStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable kind of an ``EventStreamError``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case preludeChecksumMismatch = "prelude_checksum_mismatch"
            case messageChecksumMismatch = "message_checksum_mismatch"
            case invalidLength = "invalid_length"
            case messageTooLarge = "message_too_large"
            case invalidHeader = "invalid_header"
            case truncated = "truncated"
            case valueTooLarge = "value_too_large"
        }

        private let base: Base

        /// The CRC-32 of the first 8 bytes does not match the prelude's checksum (lengths cannot be trusted).
        public static let preludeChecksumMismatch = Code(base: .preludeChecksumMismatch)
        /// The CRC-32 of the message does not match its trailing checksum.
        public static let messageChecksumMismatch = Code(base: .messageChecksumMismatch)
        /// The total or headers length is impossible (e.g. shorter than the 16 bytes of framing).
        public static let invalidLength = Code(base: .invalidLength)
        /// The message is longer than the decoder's limit.
        public static let messageTooLarge = Code(base: .messageTooLarge)
        /// A header has an unknown type, overruns the header block or is not valid UTF-8.
        public static let invalidHeader = Code(base: .invalidHeader)
        /// The stream ended in the middle of a message.
        public static let truncated = Code(base: .truncated)
        /// A header name, string or byte array is too long to encode.
        public static let valueTooLarge = Code(base: .valueTooLarge)

        public var description: String { self.base.rawValue }
    }

    /// The stable kind of error.
    public let code: Code
    /// A message for people.
    public let message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind.
    ///   - message: A message for people.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "EventStreamError(\(self.code)): \(self.message)" }
}
