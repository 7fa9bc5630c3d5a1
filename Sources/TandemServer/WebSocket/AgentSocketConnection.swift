import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import TandemApp
import TandemCore

/// One upgraded agent run socket: replays the run's events after the client's last event id, follows the run until
/// its terminal event (then closes with 1000), and serves the client's `cancel` and `callback` messages meanwhile.
/// When the client leaves, only the subscription stops; the run goes on.
final class AgentSocketConnection: Sendable {
    let route: AgentSocketRoute
    let runID: String
    let lastEventID: Int64
    let logger: Logger

    /// Close code for an unknown run (HTTP's 404 in the private range 4000-4999).
    static let notFoundCode = WebSocketErrorCode(codeNumber: 4404)
    /// Close code for a bad request (HTTP's 400).
    static let badRequestCode = WebSocketErrorCode(codeNumber: 4400)

    init(route: AgentSocketRoute, runID: String, lastEventID: Int64, logger: Logger) {
        self.route = route
        self.runID = runID
        self.lastEventID = lastEventID
        self.logger = logger
    }

    /// Whether to upgrade a request: only socket paths; the key and the last event id are checked here and a
    /// refusal reported on the socket (browsers cannot read the status of a refused upgrade, only close codes).
    static func shouldUpgrade(
        _ request: HTTPRequest,
        route: AgentSocketRoute,
        logger: Logger
    ) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let target = request.path ?? ""
        let path = target.prefix { $0 != "?" }
        guard let runID = AgentSocketRoute.runID(inPath: path) else { return .dontUpgrade }
        let credentials = ChatSocketCredentials(
            headers: request.headerFields,
            subprotocol: AgentSocketRoute.subprotocol
        )
        var headers = HTTPFields()
        if let subprotocol = credentials.acceptedSubprotocol { headers[.secWebSocketProtocol] = subprotocol }
        var logger = logger
        logger[metadataKey: "agent.run_id"] = .string(runID)
        if let access = route.access {
            do {
                _ = try access.authenticate(credentials.key)
            } catch {
                let refusal = AgentSocketError(code: error.code ?? error.type, error.message)
                return .upgrade(headers) { _, outbound, _ in
                    try await outbound.write(.text(refusal.frame))
                    try await outbound.close(.policyViolation, reason: refusal.code)
                }
            }
        }
        let lastEventID: Int64
        do {
            let query = target.firstIndex(of: "?").map { target[target.index(after: $0)...] } ?? ""
            lastEventID = try Self.lastEventID(
                query: query,
                header: request.headerFields[HTTPField.Name("last-event-id")!]
            )
        } catch {
            return .upgrade(headers) { _, outbound, _ in
                try await outbound.write(.text(error.frame))
                try await outbound.close(Self.badRequestCode, reason: error.code)
            }
        }
        let connection = AgentSocketConnection(route: route, runID: runID, lastEventID: lastEventID, logger: logger)
        return .upgrade(headers) { inbound, outbound, _ in
            try await connection.run(inbound: inbound, outbound: outbound)
        }
    }

    /// The event id to replay after: `last_event_id` in the query, else the `Last-Event-ID` header, else 0.
    /// - Throws: ``AgentSocketError`` (`invalid_request`) for a value that is not a whole number >= 0.
    static func lastEventID(query: Substring, header: String?) throws(AgentSocketError) -> Int64 {
        var text = header
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts[0] == "last_event_id" { text = parts.count == 2 ? String(parts[1]) : "" }
        }
        guard let text else { return 0 }
        guard let value = Int64(text), value >= 0 else {
            throw AgentSocketError(code: "invalid_request", "last_event_id must be a whole number >= 0")
        }
        return value
    }

    /// Serves the socket until the run ends or the client leaves.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let exists: Bool
        do {
            exists = try await self.route.service.runner.store.run(self.runID) != nil
        } catch {
            self.logger.debug("agent socket: the store failed", metadata: ["error.type": "\(type(of: error))"])
            try await outbound.write(
                .text(AgentSocketError(code: "store_unavailable", "the run store is unavailable").frame)
            )
            try await outbound.close(.unexpectedServerError, reason: "store_unavailable")
            return
        }
        guard exists else {
            try await outbound.write(.text(AgentSocketError(code: "not_found", "no run with id \(self.runID)").frame))
            try await outbound.close(Self.notFoundCode, reason: "not_found")
            return
        }
        guard let key = self.route.sockets.register(outbound) else {
            try await outbound.close(.goingAway, reason: AgentSocketRegistry.drainReason)
            return
        }
        defer { self.route.sockets.remove(key) }
        self.logger.debug("agent socket connected", metadata: ["agent.last_event_id": "\(self.lastEventID)"])
        // Whichever ends first ends the socket: the client leaving (stop following; the run is not touched), or the
        // run's end (the close is sent; WebSocket then waits for the client's answer, and drops the connection if
        // none comes within its close timeout).
        let ended = await withTaskGroup(of: Ended.self) { group in
            group.addTask {
                await self.follow(outbound)
                return .followed
            }
            group.addTask {
                do {
                    for try await message in inbound.messages(maxSize: self.route.maxMessageBytes) {
                        let bytes: [UInt8]
                        switch message {
                        case .text(let text): bytes = Array(text.utf8)
                        case .binary(let buffer): bytes = Array(buffer: buffer)
                        }
                        await self.receive(bytes, outbound: outbound)
                    }
                    return .clientLeft(nil)
                } catch {
                    return .clientLeft(error)
                }
            }
            let first = await group.next() ?? .followed
            group.cancelAll()
            return first
        }
        self.logger.debug("agent socket disconnected")
        // A client message over the size limit or a protocol error closes the socket with its code.
        if case .clientLeft(let failure?) = ended, !(failure is CancellationError) { throw failure }
    }

    /// How a socket's session ended.
    private enum Ended: Sendable {
        case followed
        case clientLeft((any Error)?)
    }

    /// Sends the run's events after the last event id, live, until the terminal one; then closes with 1000.
    private func follow(_ outbound: WebSocketOutboundWriter) async {
        let events = self.route.service.events(
            of: self.runID,
            after: self.lastEventID,
            pollInterval: self.route.pollInterval
        )
        var last: AgentEvent.Kind?
        do {
            for try await event in events {
                try await outbound.write(.text(event.wireJSON.canonicalJSON()))
                last = event.kind
            }
            // The stream also ends when this task is cancelled (the client left): then there is nothing to close.
            guard !Task.isCancelled else { return }
            let status = try await self.route.service.runner.store.run(self.runID)?.status.rawValue
            let reason = last?.rawValue ?? status ?? "ended"
            try await outbound.close(.normalClosure, reason: reason)
        } catch {
            guard !Task.isCancelled else { return }
            self.logger.debug("agent socket: following the run failed", metadata: ["error.type": "\(type(of: error))"])
            let message = AgentSocketError(code: "store_unavailable", "the run's events could not be read")
            try? await outbound.write(.text(message.frame))
            try? await outbound.close(.unexpectedServerError, reason: message.code)
        }
    }

    /// Handles one client message; every problem is answered with an `error` message, never a dropped socket.
    private func receive(_ bytes: [UInt8], outbound: WebSocketOutboundWriter) async {
        let reply: String?
        do {
            switch try AgentSocketClientMessage.decode(bytes) {
            case .cancel:
                // The `cancelled` event (or the run's own terminal event, if it ended first) answers.
                _ = try await self.route.service.runner.cancel(runID: self.runID, reason: "cancelled over the socket")
                reply = nil
            case .callback(let token, let payload):
                if try await self.route.service.deliverCallback(runID: self.runID, token: token, payload: payload) {
                    reply = (["type": "callback_accepted", "token": .string(token)] as JSONValue).canonicalJSON()
                } else {
                    reply =
                        AgentSocketError(code: "not_waiting", "run \(self.runID) is not waiting for that token").frame
                }
            }
        } catch let error as AgentSocketError {
            reply = error.frame
        } catch {
            self.logger.debug("agent socket: a client message failed", metadata: ["error.type": "\(type(of: error))"])
            reply = AgentSocketError(code: "internal_error", "the message could not be carried out").frame
        }
        if let reply { try? await outbound.write(.text(reply)) }
    }
}
