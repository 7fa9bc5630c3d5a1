extension EventStreamMessage {
    /// What a message means to an AWS client, from its `:message-type` header.
    public enum Kind: Sendable, Hashable {
        /// `:message-type` `event`; the event type (e.g. `contentBlockDelta`) from `:event-type`.
        case event(type: String)
        /// `:message-type` `exception`; the modelled exception (e.g. `throttlingException`) from `:exception-type`.
        case exception(type: String)
        /// `:message-type` `error`; `:error-code` and `:error-message`.
        case error(code: String, message: String)
        /// No or an unknown `:message-type`.
        case unknown(messageType: String?)
    }

    /// The kind of message, read from the `:message-type`, `:event-type`, `:exception-type`, `:error-code` and
    /// `:error-message` headers.
    public var kind: Kind {
        let messageType = self[header: ":message-type"]?.stringValue
        switch messageType {
        case "event":
            return .event(type: self[header: ":event-type"]?.stringValue ?? "")
        case "exception":
            return .exception(type: self[header: ":exception-type"]?.stringValue ?? "")
        case "error":
            return .error(
                code: self[header: ":error-code"]?.stringValue ?? "",
                message: self[header: ":error-message"]?.stringValue ?? ""
            )
        default:
            return .unknown(messageType: messageType)
        }
    }

    /// The `:content-type` header (usually `application/json`).
    public var contentType: String? { self[header: ":content-type"]?.stringValue }
}
