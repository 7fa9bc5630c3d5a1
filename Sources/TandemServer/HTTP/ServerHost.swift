import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
public import Logging
import NIOCore
import NIOHTTP1
public import ServiceLifecycle
public import TandemApp
import TandemCore
import UnixSignals

/// The container host: serves a ``HandlerTable`` over HTTP/1.1 (``HTTP1RequestHandler`` on NIO's HTTP/1 pipeline),
/// and the chat and agent WebSocket routes through Hummingbird's WebSocket channel.
///
/// Complete bodies are sent with a `Content-Length`; streamed bodies with chunked encoding, each chunk flushed as the
/// handler writes it. Every request gets an id (the client's `x-request-id`, or a new one), echoed in the
/// response, stamped on the handler's logger, and a deadline from ``ServerConfiguration/requestTimeout``.
public enum ServerHost {
    /// Serves `table` until SIGTERM or SIGINT, then shuts down gracefully (requests in flight finish).
    /// - Parameters:
    ///   - table: The handlers to serve.
    ///   - configuration: Address, body limit and request timeout.
    ///   - logger: The server's logger.
    public static func run(table: HandlerTable, configuration: ServerConfiguration, logger: Logger) async throws {
        let server = Self.makeServer(table: table, configuration: configuration, logger: logger)
        try await ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
    }

    /// Builds `tandem serve`'s server: `table`'s routes over HTTP/1.1 (``HTTP1RequestHandler``), with the chat and
    /// agent WebSocket upgrades when given, and a listening socket on each event loop, so that a connection is
    /// accepted and served on one thread (``EventLoopListeners``).
    /// - Parameters:
    ///   - table: The handlers to serve.
    ///   - configuration: Address, body limit and request timeout.
    ///   - logger: The server's logger.
    ///   - chatSocket: WebSocket chat (`GET /v1/realtime-chat` upgraded), if served.
    ///   - agentSocket: Agent run events over WebSocket (`GET /v1/agents/runs/{id}/socket` upgraded), if served.
    ///   - onServerRunning: Called with the bound port once the server listens (port 0 picks a free one).
    /// - Returns: A service to run in a `ServiceGroup`; graceful shutdown lets requests in flight finish.
    public static func makeServer(
        table: HandlerTable,
        configuration: ServerConfiguration,
        logger: Logger,
        chatSocket: ChatSocketRoute? = nil,
        agentSocket: AgentSocketRoute? = nil,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> any Service {
        let http1 = HTTP1Responder(table: table, configuration: configuration, logger: logger)
        func listeners<WebSocket: ServerChildChannel>(_ webSocket: WebSocket?) -> any Service {
            let setup = ServerConnectionSetup(responder: http1, webSocket: webSocket, logger: logger)
            return EventLoopListeners(
                host: configuration.host,
                port: configuration.port,
                logger: logger,
                onServerRunning: onServerRunning,
                initializer: setup.initialize
            )
        }
        guard let webSocket = WebSocketUpgrades.configuration(chat: chatSocket, agent: agentSocket) else {
            return listeners(HTTP1WebSocketUpgradeChannel?.none)
        }
        // Connections that ask for an upgrade: Hummingbird's channel, which also answers a request it does not
        // upgrade (a wrong path) through the same table.
        let responder: HTTPChannelHandler.Responder = { request, responseWriter, channel in
            var response = await Self.respond(to: request, http1: http1, channel: channel)
            response.headers[.date] = HTTPDateHeader.now()
            do {
                try await responseWriter.write(response: response.head, body: response.body)
            } catch is HTTPParserError {
                // A parse error here belongs to the request stream, which has had its answer: close instead of
                // letting the connection handler answer it a second time.
                throw ChannelError.ioOnClosedChannel
            }
        }
        // A client that closes its socket only half-closes the channel (Hummingbird allows remote half-closure);
        // ClientDisconnectHandler turns that into a close and cancels the streamed responses still in flight.
        let channel = HTTP1WebSocketUpgradeChannel(
            responder: responder,
            configuration: .init(
                http1: HTTP1Channel.Configuration(additionalChannelHandlers: [ClientDisconnectHandler()]),
                ws: webSocket
            ),
            shouldUpgrade: { request, _, logger in
                WebSocketUpgrades.shouldUpgrade(request, chat: chatSocket, agent: agentSocket, logger: logger)
            }
        )
        return listeners(channel)
    }

    /// Answers a request on a connection that asked for a WebSocket upgrade and was not upgraded (Hummingbird's
    /// channel), the same way ``HTTP1RequestHandler`` answers the others.
    static func respond(to request: Request, http1: HTTP1Responder, channel: (any Channel)? = nil) async -> Response {
        let context = http1.context(requestID: request.headers[.xRequestID], traceID: request.headers[.xAmznTraceID])
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: http1.configuration.maxBodyBytes)
        } catch {
            let response = HTTPError.payloadTooLarge(limit: http1.configuration.maxBodyBytes).response
            return Self.makeResponse(response, requestID: context.requestID, channel: channel)
        }
        let appRequest = AppRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query ?? "",
            headers: request.headers.map { (name: $0.name.canonicalName, value: $0.value) },
            body: body,
            context: context
        )
        let response = await http1.table.respond(to: appRequest)
        return Self.makeResponse(response, requestID: context.requestID, channel: channel)
    }

    static func makeResponse(_ response: AppResponse, requestID: String, channel: (any Channel)? = nil) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        if fields[.xRequestID] == nil { fields[.xRequestID] = requestID }
        let status = HTTPResponse.Status(code: response.status)
        switch response.body {
        case .empty:
            return Response(status: status, headers: fields, body: ResponseBody())
        case .complete(let buffer):
            return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: buffer))
        case .stream(let write):
            return Response(
                status: status,
                headers: fields,
                body: ResponseBody { writer in
                    let adapter = StreamWriterAdapter(writer)
                    guard let channel else {
                        try await write(adapter)
                        try await adapter.finish()
                        return
                    }
                    // The producer runs in its own task so that the connection closing (the client went away)
                    // cancels it at once, even while it waits for upstream data and writes nothing.
                    let producer = Task(executorPreference: ConnectionExecutor.current) { try await write(adapter) }
                    let key = ClientDisconnectHandler.nextKey()
                    ClientDisconnectHandler.watch(producer, key: key, on: channel)
                    defer { ClientDisconnectHandler.forget(key, on: channel) }
                    try await withTaskCancellationHandler {
                        try await producer.value
                    } onCancel: {
                        producer.cancel()
                    }
                    try await adapter.finish()
                }
            )
        }
    }
}

/// Lets an ``AppResponseBody/stream(_:)`` closure write to Hummingbird's response body writer.
// @unchecked: the adapter lives inside one response body closure and is used by that one task only; handlers
// must not write to a response from several tasks at once (as with any writer).
final class StreamWriterAdapter: ResponseBodyStreamWriter, @unchecked Sendable {
    private var writer: any ResponseBodyWriter

    init(_ writer: any ResponseBodyWriter) { self.writer = writer }

    func write(_ buffer: ByteBuffer) async throws {
        try await self.writer.write(buffer)
    }

    func finish() async throws {
        try await self.writer.finish(nil)
    }
}

extension HTTPField.Name {
    static let xRequestID = HTTPField.Name("x-request-id")!
    static let xAmznTraceID = HTTPField.Name("x-amzn-trace-id")!
}
