import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import TandemApp
import TandemLLM
import TandemServer

/// Runs `tandem serve`'s application for a table on a free loopback port for the duration of `body`.
/// With `chatSocket`, the server also upgrades its WebSocket chat path.
func withServer<Result: Sendable>(
    _ table: HandlerTable,
    configuration: ServerConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0),
    chatSocket: ChatSocketRoute? = nil,
    _ body: @Sendable (Int) async throws -> Result
) async throws -> Result {
    let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
    let app = ServerHost.makeServer(
        table: table,
        configuration: configuration,
        logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        chatSocket: chatSocket,
        onServerRunning: { port in portContinuation.yield(port) }
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        let serviceGroup = ServiceGroup(
            services: [app],
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        group.addTask { try await serviceGroup.run() }
        var ports = portStream.makeAsyncIterator()
        guard let port = await ports.next() else { throw CancellationError() }
        do {
            let result = try await body(port)
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        } catch {
            await serviceGroup.triggerGracefulShutdown()
            group.cancelAll()
            throw error
        }
    }
}

/// A chat provider that streams a few deltas, then waits (so that a client can leave), and records cancellation.
final class SlowProvider: ChatProvider {
    let name = "slow"
    private final class Flags: Sendable {
        let cancelled = Mutex(false)
    }

    private let flags = Flags()
    var wasCancelled: Bool { self.flags.cancelled.withLock { $0 } }

    func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        ChatResponse(
            id: "r",
            model: request.model,
            message: .assistant("Streamed hello from the scripted model"),
            finishReason: .stop,
            usage: Usage(inputTokens: 3, outputTokens: 6)
        )
    }

    func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        let flags = self.flags
        let wait = request.messages.last?.text == "wait"
        return ChatStream { continuation in
            // Cancellation is recorded wherever it lands: in the long wait, or in the pause after a word (a client
            // that leaves right after the last word can cancel the stream within that pause).
            do {
                continuation.yield(.messageStart(id: "r", model: request.model))
                for word in ["Streamed ", "hello ", "from ", "the ", "scripted ", "model"] {
                    continuation.yield(.textDelta(word))
                    try await Task.sleep(for: .milliseconds(20))
                }
                if wait { try await Task.sleep(for: .seconds(30)) }
            } catch {
                flags.cancelled.withLock { $0 = true }
                throw error
            }
            continuation.yield(.usage(Usage(inputTokens: 3, outputTokens: 6)))
            continuation.yield(.finish(.stop))
        }
    }
}
