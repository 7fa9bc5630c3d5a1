import Logging
public import NIOCore
import Synchronization
public import TandemAWS
import TandemCore
public import TandemEvents
public import TandemLLM

/// Chat over an API Gateway WebSocket API on Lambda: `$connect` opens the connection's conversation, `$disconnect`
/// drops it (and cancels the connection's chats running in this process), and every message (`$default`, or the
/// `chat` and `cancel` routes of the route selection expression `$request.body.action`) runs through a
/// ``ChatSocketSession`` whose frames go back with `PostToConnection` as the model produces them.
///
/// A client that left makes `PostToConnection` answer 410: the model call is cancelled at once. The Management API
/// endpoint is `AWS_ENDPOINT_URL_EXECUTE_API` when set, else `TANDEM_WEBSOCKET_ENDPOINT` (set by `tandem deploy`'s
/// Terraform), else the event's `https://{domainName}/{stage}`.
///
/// On Lambda each invocation serves one message, so a `cancel` sent while a chat streams reaches another
/// invocation: it cancels only chats of this process (the server host, the emulator). On Lambda a client stops a
/// chat by closing the socket (the next post answers 410).
///
/// ```swift
/// let store = DynamoDBChatConversationStore(client: dynamo, table: "chats")
/// let pipeline = WebSocketChatPipeline(chat: router, store: store)
/// var table = HandlerTable()
/// table.addWebSocketChatPipeline(pipeline)
/// ```
public final class WebSocketChatPipeline: EventHandler {
    /// What answers (usually the router).
    public let chat: any ChatProvider
    /// Where conversations are kept; nil for none.
    public let store: (any ChatConversationStore)?
    /// Prices for the `done` event's cost when `chat` is not a ``Router``.
    public let prices: PriceTable?
    /// Session limits and timeouts.
    public let options: ChatSocketSession.Options
    /// Time kept back from the invocation's deadline, so a chat that runs out of time can still post its terminal
    /// error event (default 1 s).
    public let deadlineMargin: Duration
    private let environment: [String: String]
    private let clients = Mutex<[String: APIGatewayManagementClient]>([:])
    private let sessions = ChatSocketSessions()

    /// Creates the pipeline.
    /// - Parameters:
    ///   - chat: What answers.
    ///   - store: Where conversations are kept (``DynamoDBChatConversationStore`` on AWS,
    ///     ``SQLiteChatConversationStore`` locally), or nil.
    ///   - prices: Prices for the cost in `done` events when `chat` is not the router.
    ///   - options: Session limits and timeouts.
    ///   - deadlineMargin: Time kept back from the invocation's deadline.
    ///   - environment: Where the Management API client reads its region, endpoint (`AWS_ENDPOINT_URL_EXECUTE_API`,
    ///     `TANDEM_WEBSOCKET_ENDPOINT`) and credentials.
    public init(
        chat: any ChatProvider,
        store: (any ChatConversationStore)? = nil,
        prices: PriceTable? = nil,
        options: ChatSocketSession.Options = ChatSocketSession.Options(),
        deadlineMargin: Duration = .seconds(1),
        environment: [String: String] = ProcessEnvironment.current
    ) {
        self.chat = chat
        self.store = store
        self.prices = prices
        self.options = options
        self.deadlineMargin = deadlineMargin
        self.environment = environment
    }

    /// Handles one API Gateway WebSocket event (the Lambda host's entry point).
    /// - Returns: The integration response.
    /// - Throws: `LambdaSerializationError` for an event that is not a WebSocket event; see
    ///   ``handle(_:context:)-(APIGatewayWebSocketRequest,_)``.
    public func handle(_ event: ByteBuffer, context: HandlerContext) async throws -> ByteBuffer? {
        try await self.handle(try LambdaHost.decode(APIGatewayWebSocketRequest.self, from: event), context: context)
    }

    /// Handles one WebSocket event.
    /// - Returns: The integration response (`{"statusCode":200}`; `$connect` fails with 500 when the store fails,
    ///   so API Gateway refuses the connection).
    /// - Throws: ``AWSClientError`` when the Management API client cannot be configured (no region).
    public func handle(_ request: APIGatewayWebSocketRequest, context: HandlerContext) async throws -> ByteBuffer {
        let connection = request.requestContext
        var logger = context.logger
        logger[metadataKey: "connection.id"] = "\(connection.connectionId)"
        switch connection.eventType {
        case .connect:
            do {
                try await self.store?.open(connectionID: connection.connectionId)
            } catch {
                logger.error("WebSocket chat connection not stored", metadata: ["error.type": "\(type(of: error))"])
                return Self.status(500)
            }
            return Self.status(200)
        case .disconnect:
            self.sessions.close(connectionID: connection.connectionId)
            do {
                try await self.store?.close(connectionID: connection.connectionId)
            } catch {
                logger.warning(
                    "WebSocket chat conversation not dropped",
                    metadata: ["error.type": "\(type(of: error))"]
                )
            }
            return Self.status(200)
        default:
            let deadline = context.deadline.lowered(by: self.deadlineMargin)
            let sink = APIGatewayConnectionSink(
                client: try self.client(domainName: connection.domainName, stage: connection.stage, logger: logger),
                connectionID: connection.connectionId,
                deadline: context.deadline
            )
            let session = ChatSocketSession(
                connectionID: connection.connectionId,
                chat: self.chat,
                store: self.store,
                sink: sink,
                prices: self.prices,
                options: self.options,
                logger: logger
            )
            let frame: [UInt8]
            do {
                frame = Array(try request.decodedBody())
            } catch {
                frame = []
            }
            let outcome: ChatSocketOutcome
            switch Result(catching: { () throws(ChatSocketFrameError) in try ChatSocketCodec.decodeClientMessage(frame)
                })
            {
            case .success(.cancel(let id)):
                // A chat of this connection running in this process stops; elsewhere it runs on (see above).
                self.sessions.cancel(id: id, connectionID: connection.connectionId)
                outcome = .cancelRequested
            case .success(let message):
                let token = self.sessions.add(session)
                defer { self.sessions.remove(session, token: token) }
                outcome = await session.handle(message, deadline: deadline)
            case .failure:
                // The session reports the frame's error to the client.
                outcome = await session.receive(frame, deadline: deadline)
            }
            logger.debug("WebSocket chat message handled", metadata: ["chat.outcome": "\(outcome)"])
            return Self.status(200)
        }
    }

    /// `TANDEM_WEBSOCKET_ENDPOINT` (the generated infrastructure sets it to the API's execute-api stage URL, which
    /// also serves connections made through a custom domain), unless an `AWS_ENDPOINT_URL_*` override is set.
    private var configuredEndpoint: String? {
        let overrides = [
            "AWS_ENDPOINT_URL_EXECUTE_API", "AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", "AWS_ENDPOINT_URL",
        ]
        if overrides.contains(where: { !(self.environment[$0] ?? "").isEmpty }) { return nil }
        guard let endpoint = self.environment["TANDEM_WEBSOCKET_ENDPOINT"], !endpoint.isEmpty else { return nil }
        return endpoint
    }

    private func client(domainName: String, stage: String, logger: Logger) throws -> APIGatewayManagementClient {
        let key = domainName + "/" + stage
        if let client = self.clients.withLock({ $0[key] }) { return client }
        let client: APIGatewayManagementClient
        if let configured = self.configuredEndpoint {
            client = APIGatewayManagementClient(
                client: try AWSServiceClient(
                    service: .apiGatewayManagement,
                    environment: self.environment,
                    endpoint: configured,
                    logger: logger
                )
            )
        } else {
            client = try APIGatewayManagementClient(
                domainName: domainName,
                stage: stage,
                environment: self.environment,
                logger: logger
            )
        }
        self.clients.withLock { $0[key] = client }
        return client
    }

    static func status(_ code: Int) -> ByteBuffer {
        ByteBuffer(string: "{\"statusCode\":\(code)}")
    }
}
