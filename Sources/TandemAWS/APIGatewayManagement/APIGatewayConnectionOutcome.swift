/// What happened to a message or a disconnect sent to a WebSocket connection.
public enum APIGatewayConnectionOutcome: Sendable, Hashable {
    /// API Gateway accepted it.
    case delivered
    /// The client has left (HTTP 410 `GoneException`): drop the connection, do not retry, stop producing for it.
    case gone
}
