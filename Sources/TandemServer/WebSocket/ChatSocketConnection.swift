import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import TandemApp
import TandemCore
import TandemLLM

/// One upgraded WebSocket chat connection: authenticates once, then reads client messages and runs each chat
/// concurrently through a ``ChatSocketSession`` (keyed by the client's `id`), admitting each against the key's
/// model allowlist, rates and budget, and accounting its usage. When the client closes the socket (or it drops),
/// every running chat is cancelled at once, and with it its upstream request.
final class ChatSocketConnection: Sendable {
    let route: ChatSocketRoute
    let principal: Principal
    let connectionID: String
    let logger: Logger
    /// The usage each chat's `done` event reported, taken by the chat once its session call returns.
    private let usages = Mutex<[String: (usage: Usage, cost: Double?)]>([:])

    /// The route for the metrics of WebSocket chats.
    static let metricsRoute = "/v1/realtime-chat"

    init(route: ChatSocketRoute, principal: Principal, connectionID: String, logger: Logger) {
        self.route = route
        self.principal = principal
        self.connectionID = connectionID
        self.logger = logger
    }

    /// Whether to upgrade a request: only on the route's path; the key is checked here and the result reported on
    /// the socket (browsers cannot read the status of a refused upgrade, but they do get its close code).
    static func shouldUpgrade(
        _ request: HTTPRequest,
        route: ChatSocketRoute,
        logger: Logger
    ) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let path = request.path.map { $0.prefix { $0 != "?" } } ?? ""
        guard path == route.path else { return .dontUpgrade }
        let credentials = ChatSocketCredentials(headers: request.headerFields)
        var headers = HTTPFields()
        if let subprotocol = credentials.acceptedSubprotocol { headers[.secWebSocketProtocol] = subprotocol }
        let connectionID = RequestIDGenerator.next()
        var logger = logger
        logger[metadataKey: "connection.id"] = .string(connectionID)
        let principal: Principal
        do {
            principal = try route.gateway.access.authenticate(credentials.key)
        } catch {
            route.gateway.metrics.recordRejection(error.code ?? "\(error.status)")
            let event = ChatSocketEvent.error(id: nil, ChatSocketError(.init(error.code ?? error.type), error.message))
            return .upgrade(headers) { _, outbound, _ in
                try await outbound.write(.text(ChatSocketCodec.encode(event)))
                try await outbound.close(.policyViolation, reason: error.code ?? error.type)
            }
        }
        let connection = ChatSocketConnection(
            route: route,
            principal: principal,
            connectionID: connectionID,
            logger: logger
        )
        return .upgrade(headers) { inbound, outbound, _ in
            try await connection.run(inbound: inbound, outbound: outbound)
        }
    }

    /// Serves the socket until the client closes it; throws (closing it with the error's code) for a message over
    /// the size limit or a protocol error.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let sink = Sink(outbound: outbound, connectionID: self.connectionID) { [weak self] frame in
            self?.observe(frame)
        }
        let session = ChatSocketSession(
            connectionID: self.connectionID,
            chat: self.route.gateway.chat,
            sink: sink,
            options: self.route.options,
            logger: self.logger
        )
        self.logger.debug("WebSocket chat connected")
        var failure: (any Error)?
        await withDiscardingTaskGroup { group in
            do {
                for try await message in inbound.messages(maxSize: self.route.maxMessageBytes) {
                    let bytes: [UInt8]
                    switch message {
                    case .text(let text): bytes = Array(text.utf8)
                    case .binary(let buffer): bytes = Array(buffer: buffer)
                    }
                    group.addTask { await self.receive(bytes, session: session, sink: sink) }
                }
            } catch {
                failure = error
            }
            // The client is gone (or broke the protocol): cancel every chat now; the group then waits for them.
            session.close()
        }
        self.logger.debug("WebSocket chat disconnected")
        if let failure { throw failure }
    }

    /// Handles one client message: a chat is admitted, run to its terminal event and accounted; a cancel stops the
    /// chat with that id; anything unreadable gets an `error` event from the session.
    private func receive(_ bytes: [UInt8], session: ChatSocketSession, sink: Sink) async {
        guard case .chat(let request)? = try? ChatSocketCodec.decodeClientMessage(bytes) else {
            await session.receive(bytes, deadline: .after(self.route.chatTimeout))
            return
        }
        let gateway = self.route.gateway
        let model = request.chat.model
        let start = ContinuousClock.now
        do {
            try gateway.access.admit(self.principal, model: model)
        } catch {
            gateway.metrics.recordRejection(error.code ?? "\(error.status)")
            gateway.metrics.recordRequest(route: Self.metricsRoute, model: model, status: error.status, seconds: 0)
            let event = ChatSocketEvent.error(id: request.id, ChatSocketError(.init(error.code ?? error.type), error.message))
            try? await sink.send(ChatSocketCodec.encode(event))
            return
        }
        gateway.metrics.streamStarted()
        let outcome = await session.run(request, deadline: .after(self.route.chatTimeout))
        gateway.metrics.streamEnded()
        if let reported = self.usages.withLock({ $0.removeValue(forKey: request.id) }) {
            gateway.metrics.recordTokens(model: model, input: reported.usage.inputTokens, output: reported.usage.outputTokens)
            gateway.access.recordUsage(self.principal, tokens: reported.usage.totalTokens, costUSD: reported.cost)
        }
        let status: Int
        switch outcome {
        case .completed, .cancelRequested: status = 200
        case .gone: status = 499
        case .failed(let code) where code == .cancelled: status = 499
        case .failed(let code) where code == .invalidRequest || code == .duplicateID: status = 400
        case .failed(let code) where code == .notFound: status = 404
        case .failed: status = 502
        }
        if status == 499 { gateway.metrics.clientDisconnected() }
        gateway.metrics.recordRequest(
            route: Self.metricsRoute,
            model: model,
            status: status,
            seconds: (ContinuousClock.now - start).seconds
        )
    }

    /// Notes the usage of `done` events (the only frames decoded again; deltas pass untouched).
    private func observe(_ frame: String) {
        guard frame.utf8.starts(with: Self.donePrefix) else { return }
        guard case .done(let id, _, let usage, let cost)? = try? ChatSocketCodec.decodeEvent(frame) else { return }
        self.usages.withLock { $0[id] = (usage, cost) }
    }

    private static let donePrefix = Array(#"{"type":"done""#.utf8)

    /// Sends the session's frames as WebSocket text messages.
    struct Sink: ChatSocketSink {
        let outbound: WebSocketOutboundWriter
        let connectionID: String
        let observe: @Sendable (String) -> Void

        func send(_ frame: String) async throws {
            self.observe(frame)
            do {
                try await self.outbound.write(.text(frame))
            } catch is CancellationError {
                // NIO's writer refuses a write from a cancelled task, but a cancelled chat (`{"action":"cancel"}`)
                // still owes its client the terminal `error` event: write it outside the chat's cancellation.
                let outbound = self.outbound
                do {
                    try await Task { try await outbound.write(.text(frame)) }.value
                } catch {
                    throw ChatSocketGone(connectionID: self.connectionID)
                }
            } catch {
                throw ChatSocketGone(connectionID: self.connectionID)
            }
        }
    }
}

extension Duration {
    /// Seconds as a `Double`.
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
