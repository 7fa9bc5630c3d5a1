public import Logging
internal import NIOCore
internal import NIOHTTP1
internal import NIOPosix
internal import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A local Lambda service: the Runtime API (2018-06-01) for a bootstrap it starts (or one started by hand), and an
/// invoke endpoint compatible with AWS's Runtime Interface Emulator, plus a streaming invoke.
///
/// It enforces what RAPID enforces: the deadline (`Sandbox.Timeout`, then the process is killed and restarted), the
/// error-type rule, the 6 MiB + 100 B buffered limit (413), one response per request (400/403), 410 for a late
/// response to a timed-out invocation, init errors. Invocations queue FIFO.
///
/// ```swift
/// var configuration = LambdaEmulatorConfiguration()
/// configuration.port = 0
/// configuration.bootstrap = BootstrapProgram(executable: "/proc/self/exe")
/// let emulator = try await LambdaEmulator.start(configuration: configuration, logger: logger)
/// // POST http://127.0.0.1:\(emulator.port)/2015-03-31/functions/function/invocations
/// await emulator.shutdown()
/// ```
public final class LambdaEmulator: Sendable {
    /// The port the emulator listens on.
    public let port: Int
    /// The configuration it runs.
    public let configuration: LambdaEmulatorConfiguration

    private let core: EmulatorCore
    private let serverChannel: any Channel
    private let connections: OpenConnections
    private let acceptLoop: Task<Void, Never>

    private init(
        port: Int,
        configuration: LambdaEmulatorConfiguration,
        core: EmulatorCore,
        serverChannel: any Channel,
        connections: OpenConnections,
        acceptLoop: Task<Void, Never>
    ) {
        self.port = port
        self.configuration = configuration
        self.core = core
        self.serverChannel = serverChannel
        self.connections = connections
        self.acceptLoop = acceptLoop
    }

    /// Binds the port, starts serving and starts the bootstrap (Lambda's cold start happens before the first
    /// invocation).
    /// - Parameters:
    ///   - configuration: The function and the bootstrap.
    ///   - logger: Where `START`/`REPORT`-style lines and process events go.
    /// - Returns: The running emulator; call ``shutdown(grace:)`` to stop it.
    /// - Throws: When the port cannot be bound.
    public static func start(
        configuration: LambdaEmulatorConfiguration,
        logger: Logger
    ) async throws -> LambdaEmulator {
        let connections = OpenConnections()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                connections.add(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: false,
                        withErrorHandling: true
                    )
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        let port = server.channel.localAddress?.port ?? configuration.port

        var command = configuration.bootstrap
        if var bootstrap = command {
            let taskRoot = configuration.taskRoot ?? Self.currentDirectory()
            let variables = LambdaEnvironment.variables(
                for: configuration,
                runtimeAPI: "\(configuration.host):\(port)",
                taskRoot: taskRoot
            )
            bootstrap.environment = variables.merging(bootstrap.environment) { _, own in own }
            bootstrap.workingDirectory = bootstrap.workingDirectory ?? taskRoot
            command = bootstrap
        }
        let core = EmulatorCore(
            configuration: .init(
                timeoutMilliseconds: configuration.timeoutMilliseconds,
                concurrency: configuration.maxConcurrency ?? 1,
                ownsProcess: command != nil,
                invocationID: configuration.invocationID
            ),
            command: command,
            threadPool: NIOThreadPool.singleton,
            logger: logger
        )
        let connection = EmulatorConnection(
            core: core,
            functionARN: configuration.functionARN,
            generatesTraceIDs: configuration.generatesTraceIDs,
            logger: logger
        )
        let serverChannel = server.channel
        let acceptLoop = Task {
            await withDiscardingTaskGroup { group in
                try? await server.executeThenClose { inbound in
                    for try await child in inbound {
                        group.addTask { await connection.serve(child) }
                    }
                }
                group.cancelAll()
            }
        }
        logger.info("listening", metadata: ["address": "\(configuration.host):\(port)"])
        await core.startEagerly()
        return LambdaEmulator(
            port: port,
            configuration: configuration,
            core: core,
            serverChannel: serverChannel,
            connections: connections,
            acceptLoop: acceptLoop
        )
    }

    /// Invocations queued or in flight (for tests and tooling).
    package func pendingInvocations() async -> Int { await self.core.pendingCount }

    /// Stops gracefully: new invocations are refused, in-flight ones finish (within the function timeout), the
    /// bootstrap gets SIGTERM and, after `grace`, SIGKILL; then the port closes.
    /// - Parameter grace: How long the bootstrap may take to exit after SIGTERM.
    public func shutdown(grace: Duration = .seconds(2)) async {
        await self.core.shutdown(grace: grace)
        try? await self.serverChannel.close()
        self.connections.closeAll()
        self.acceptLoop.cancel()
        await self.acceptLoop.value
    }

    /// The accepted connections, closed at shutdown (idle keep-alive connections would otherwise keep the accept loop
    /// waiting).
    private final class OpenConnections: Sendable {
        private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

        func add(_ channel: any Channel) {
            let key = ObjectIdentifier(channel)
            self.channels.withLock { $0[key] = channel }
            channel.closeFuture.whenComplete { _ in
                _ = self.channels.withLock { $0.removeValue(forKey: key) }
            }
        }

        func closeAll() {
            let open = self.channels.withLock { $0.values }
            for channel in open { channel.close(promise: nil) }
        }
    }

    private static func currentDirectory() -> String {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let found = buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pointer.count) {
                getcwd($0, pointer.count) != nil
            }
        }
        guard found else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }
}
