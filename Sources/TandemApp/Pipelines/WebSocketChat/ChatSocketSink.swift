/// Where a ``ChatSocketSession`` sends its frames: a WebSocket connection of the server host, or API Gateway's
/// `PostToConnection` on Lambda.
///
/// `send` returns once the frame is handed to the transport. It throws ``ChatSocketGone`` when the client has left
/// (a closed socket, HTTP 410 from the Management API): the session then cancels the model call at once and sends
/// nothing more. Any other error is treated the same way, since the frame could not be delivered.
public protocol ChatSocketSink: Sendable {
    /// Sends one text frame.
    /// - Parameter frame: A JSON text frame (one ``ChatSocketEvent``).
    /// - Throws: ``ChatSocketGone`` when the client has left; any other error when the frame could not be sent.
    func send(_ frame: String) async throws
}

/// The client of a WebSocket connection has left; nothing can be sent to it any more.
public struct ChatSocketGone: Error, Sendable, Hashable, CustomStringConvertible {
    /// The connection that is gone.
    public var connectionID: String

    /// Creates the error.
    public init(connectionID: String) {
        self.connectionID = connectionID
    }

    public var description: String { "the WebSocket client of connection \(self.connectionID) has left" }
}
