import NIOCore
import NIOHTTP1
import NIOPosix
import TandemCore

/// The ``UpstreamConnectionPool``'s connections on one event loop: idle keep-alive connections by origin, and new
/// ones made on the same loop, so an exchange started on a loop never leaves it.
///
/// Everything runs on `loop`.
// @unchecked Sendable: the state is touched only on `loop` (the pool hops there before calling in).
final class UpstreamLoopPool: @unchecked Sendable {
    let loop: any EventLoop
    let configuration: UpstreamConnectionPool.Configuration
    private var idle: [UpstreamTarget.Origin: [UpstreamConnection]] = [:]
    /// Every open connection, so that none is released while the pool forgets it.
    private var open: [ObjectIdentifier: UpstreamConnection] = [:]

    init(loop: any EventLoop, configuration: UpstreamConnectionPool.Configuration) {
        self.loop = loop
        self.configuration = configuration
    }

    /// Starts `exchange` on an idle connection to its origin, or on a new one.
    func start(_ exchange: UpstreamExchange) {
        exchange.check()
        guard !exchange.isDone else { return }
        let origin = exchange.target.origin
        while let connection = self.idle[origin]?.popLast() {
            guard connection.isActive else { continue }
            connection.send(exchange)
            return
        }
        self.connect(exchange)
    }

    private func connect(_ exchange: UpstreamExchange) {
        let origin = exchange.target.origin
        let remaining = exchange.timeouts.end - ContinuousClock.now
        let connectTimeout = min(self.configuration.connectTimeout, max(.milliseconds(1), remaining))
        let pool = self
        ClientBootstrap(group: self.loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.nanoseconds(connectTimeout.totalNanoseconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(UpstreamConnection(origin: origin, pool: pool))
                }
            }
            .connect(host: origin.host, port: origin.port)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    guard let connection = try? channel.pipeline.syncOperations.handler(type: UpstreamConnection.self)
                    else {
                        channel.close(promise: nil)
                        pool.connectionFailed(exchange, reason: "the connection could not be set up")
                        return
                    }
                    pool.open[ObjectIdentifier(connection)] = connection
                    if exchange.isDone {
                        // The caller went away or a limit passed while connecting: keep the connection for later.
                        pool.release(connection)
                    } else {
                        connection.send(exchange)
                    }
                case .failure(let error):
                    let reason: String
                    if case ChannelError.connectTimeout = error {
                        reason = "connecting to \(origin.host):\(origin.port) timed out"
                    } else {
                        reason = "connecting to \(origin.host):\(origin.port) failed (\(Self.describe(error)))"
                    }
                    pool.connectionFailed(exchange, reason: reason)
                }
            }
    }

    /// A connection failed before any of the response arrived: the exchange fails with a connection error.
    ///
    /// It is not sent again here, even on a reused connection: the upstream may have received it (a POST that
    /// costs tokens), and the router, which retries connection errors within the caller's policy, is the one
    /// retry layer.
    func connectionFailed(_ exchange: UpstreamExchange, reason: String) {
        guard !exchange.isDone else { return }
        exchange.fail(LLMError(.connection, reason, provider: exchange.provider), closeConnection: false)
    }

    /// A connection finished a response and may carry another: idle until reused, closed after the idle timeout.
    func release(_ connection: UpstreamConnection) {
        guard connection.isActive, self.open[ObjectIdentifier(connection)] != nil else { return }
        guard (self.idle[connection.origin]?.count ?? 0) < self.configuration.maximumIdlePerOrigin else {
            connection.close()
            return
        }
        self.idle[connection.origin, default: []].append(connection)
        connection.idleTimer = self.loop.scheduleTask(
            in: .nanoseconds(self.configuration.idleTimeout.totalNanoseconds)
        ) { [self, id = ObjectIdentifier(connection)] in
            // Taking the connection cancels this timer (on this loop), so it only ever closes an idle one.
            self.open[id]?.close()
        }
    }

    /// A connection closed: drop it from the idle list.
    func forget(_ connection: UpstreamConnection) {
        self.open[ObjectIdentifier(connection)] = nil
        if let index = self.idle[connection.origin]?.firstIndex(where: { $0 === connection }) {
            self.idle[connection.origin]?.remove(at: index)
        }
    }

    /// Closes every idle connection (shutdown, tests).
    func closeIdle() {
        let connections = self.idle.values.flatMap { $0 }
        self.idle = [:]
        for connection in connections { connection.close() }
    }

    /// The number of idle connections (tests).
    var idleCount: Int { self.idle.values.reduce(0) { $0 + $1.count } }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return "\(error)" }
        if let error = error as? NIOConnectionError, let first = error.connectionErrors.first {
            return "\(first.error)"
        }
        return "\(type(of: error))"
    }
}
