public import TandemLLM

/// A failure reported to a WebSocket chat client as a terminal `{"type":"error"}` event: a stable code and a
/// message for people (never a secret, never an upstream body).
///
/// Codes are this API's own (`invalid_request`, `unknown_action`, `duplicate_id`, `cancelled`, `internal_error`)
/// or an upstream ``LLMError``'s code as it is (`not_found` for an unknown model, `rate_limited`, `timeout`,
/// `deadline_exceeded`, ...).
public struct ChatSocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable kind of a ``ChatSocketError``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, e.g. `invalid_request`.
        public let rawValue: String

        /// Creates a code; use the static members where one fits.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { self.rawValue }

        /// The frame is not JSON, or a field is missing or has the wrong type.
        public static let invalidRequest = Code("invalid_request")
        /// `action` is neither `chat` nor `cancel`.
        public static let unknownAction = Code("unknown_action")
        /// A chat with this `id` is already running on the connection.
        public static let duplicateID = Code("duplicate_id")
        /// No model has the requested name.
        public static let notFound = Code("not_found")
        /// The client cancelled the chat (`{"action":"cancel"}`), or the host is shutting down.
        public static let cancelled = Code("cancelled")
        /// Anything else (details go to the log only).
        public static let `internal` = Code("internal_error")
    }

    /// The stable kind of failure.
    public var code: Code
    /// A message for people.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The error a failed model call reports: its code and message as they are.
    public init(_ error: LLMError) {
        self.init(Code(error.code.rawValue), error.message)
    }

    public var description: String { "\(self.code): \(self.message)" }
}
