import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOWebSocket

/// The WebSocket routes a server upgrades: the chat socket and the agent run sockets, each at its own path.
enum WebSocketUpgrades {
    /// The WebSocket settings for the routes served, or `nil` when none is (the server then speaks plain HTTP/1).
    static func configuration(chat: ChatSocketRoute?, agent: AgentSocketRoute?) -> WebSocketServerConfiguration? {
        guard chat != nil || agent != nil else { return nil }
        let maxFrameSize = max(chat?.maxMessageBytes ?? 0, agent?.maxMessageBytes ?? 0)
        // Agent sockets ping at the chat's heartbeat when both are served, else every 30 seconds.
        let pingInterval = chat?.pingInterval ?? .seconds(30)
        return WebSocketServerConfiguration(
            maxFrameSize: maxFrameSize,
            autoPing: .enabled(timePeriod: pingInterval),
            closeTimeout: .seconds(5)
        )
    }

    /// Upgrades an agent socket path when agent sockets are served, the chat path when chat is, nothing else.
    static func shouldUpgrade(
        _ request: HTTPRequest,
        chat: ChatSocketRoute?,
        agent: AgentSocketRoute?,
        logger: Logger
    ) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        if let agent {
            let result = AgentSocketConnection.shouldUpgrade(request, route: agent, logger: logger)
            if case .upgrade = result { return result }
        }
        if let chat { return ChatSocketConnection.shouldUpgrade(request, route: chat, logger: logger) }
        return .dontUpgrade
    }
}
