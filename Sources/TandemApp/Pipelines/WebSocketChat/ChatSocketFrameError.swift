/// A client frame that could not be decoded: the error to report and, when it could be read, the message's `id`.
public struct ChatSocketFrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `id` the frame carried, if it could be read (the error event is then about that chat).
    public var id: String?
    /// What was wrong (``ChatSocketError/Code/invalidRequest`` or ``ChatSocketError/Code/unknownAction``).
    public var error: ChatSocketError

    /// Creates the error.
    public init(id: String?, _ error: ChatSocketError) {
        self.id = id
        self.error = error
    }

    /// The terminal event that reports it.
    public var event: ChatSocketEvent { .error(id: self.id, self.error) }

    public var description: String { self.error.description }
}
