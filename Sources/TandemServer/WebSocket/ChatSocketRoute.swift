public import TandemApp

/// WebSocket chat in `tandem serve`: `GET /v1/realtime-chat` upgraded to a WebSocket that carries chats as JSON
/// text frames (the protocol of ``ChatSocketSession``, shared with the Lambda API Gateway WebSocket host).
///
/// Client -> server: `{"action":"chat","id":"c1","model":...,"messages":[...],...}` (an OpenAI chat body plus
/// `action` and `id`) and `{"action":"cancel","id":"c1"}`. Server -> client: `start`, one `delta` per upstream
/// delta, then `done` (with `usage`) or `error`, each carrying the chat's `id`. Several chats run at once on one
/// socket, keyed by `id`.
///
/// - API key: the `Authorization: Bearer <key>` or `x-api-key` header, as for the HTTP routes; browsers, which
///   cannot set headers on a WebSocket, offer the subprotocols `tandem-chat` and `tandem-key.<key>`
///   (`new WebSocket(url, ["tandem-chat", "tandem-key." + key])`); the server answers with `tandem-chat` only,
///   never echoing the key. Keys in the query string are not accepted: URLs end up in access logs. A missing or
///   wrong key gets an `error` event (id null) and close code 1008 (policy violation).
/// - A message larger than ``maxMessageBytes`` closes the socket with code 1009 (message too big).
/// - The server pings every ``pingInterval`` (the heartbeat: load balancers see traffic while a model thinks) and
///   closes a socket whose pong does not come back within the next interval.
/// - When the client closes the socket (or it drops), every chat running on it is cancelled at once, and with it
///   its upstream request.
/// - On graceful shutdown the server closes every socket with code 1000 (normal closure).
public struct ChatSocketRoute: Sendable {
    /// The gateway whose models, keys, limits and metrics the chats use.
    public var gateway: Gateway
    /// The path that upgrades (default `/v1/realtime-chat`).
    public var path: String
    /// The largest client message accepted (default 1 MiB).
    public var maxMessageBytes: Int
    /// How often the server pings an open socket (default: the gateway's heartbeat interval).
    public var pingInterval: Duration
    /// How long one chat may run (default 15 minutes).
    public var chatTimeout: Duration
    /// Limits and timeouts of each socket's session.
    public var options: ChatSocketSession.Options

    /// Creates the route.
    /// - Parameters:
    ///   - gateway: The gateway whose models, keys, limits and metrics the chats use.
    ///   - path: The path that upgrades.
    ///   - maxMessageBytes: The largest client message accepted.
    ///   - pingInterval: How often the server pings (nil: the gateway's heartbeat interval).
    ///   - chatTimeout: How long one chat may run.
    public init(
        gateway: Gateway,
        path: String = "/v1/realtime-chat",
        maxMessageBytes: Int = 1 << 20,
        pingInterval: Duration? = nil,
        chatTimeout: Duration = .seconds(900)
    ) {
        self.gateway = gateway
        self.path = path
        self.maxMessageBytes = maxMessageBytes
        self.pingInterval = pingInterval ?? gateway.heartbeatInterval
        self.chatTimeout = chatTimeout
        self.options = ChatSocketSession.Options(maxTokens: gateway.maxTokens)
    }
}
