import NIOCore
public import TandemAWS
public import TandemCore

/// A ``ChatSocketSink`` that posts each frame to an API Gateway WebSocket connection (`PostToConnection`); HTTP 410
/// (`GoneException`, the client left) throws ``ChatSocketGone`` and is never retried.
public struct APIGatewayConnectionSink: ChatSocketSink {
    /// The Management API client for the connection's API stage.
    public let client: APIGatewayManagementClient
    /// The connection.
    public let connectionID: String
    /// When each post must be over.
    public let deadline: Deadline?

    /// Posts to `connectionID` through `client`.
    public init(client: APIGatewayManagementClient, connectionID: String, deadline: Deadline? = nil) {
        self.client = client
        self.connectionID = connectionID
        self.deadline = deadline
    }

    public func send(_ frame: String) async throws {
        let outcome = try await self.client.postToConnection(
            id: self.connectionID,
            data: ByteBuffer(string: frame),
            deadline: self.deadline
        )
        if outcome == .gone { throw ChatSocketGone(connectionID: self.connectionID) }
    }
}
