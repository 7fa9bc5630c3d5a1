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
    /// The exchanges under limits (each knows its index): one timer serves them all.
    private var watched: [UpstreamExchange] = []
    /// The timer for the earliest limit among `watched`, and when it fires. It may fire for an exchange that has
    /// since ended; it then only re-arms for the rest.
    private var limitTimer: (at: ContinuousClock.Instant, task: Scheduled<Void>)?
    /// The timer that closes connections idle for `configuration.idleTimeout`, while any are idle.
    private var idleSweep: Scheduled<Void>?

    init(loop: any EventLoop, configuration: UpstreamConnectionPool.Configuration) {
        self.loop = loop
        self.configuration = configuration
    }

    /// Starts `exchange` on an idle connection to its origin, or on a new one.
    func start(_ exchange: UpstreamExchange) {
        let now = ContinuousClock.now
        exchange.expireIfDue(now: now)
        guard !exchange.isDone else { return }
        self.watch(exchange)
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
        connection.idleSince = .now
        self.idle[connection.origin, default: []].append(connection)
        if self.idleSweep == nil { self.scheduleIdleSweep(at: connection.idleSince! + self.configuration.idleTimeout) }
    }

    /// A connection closed: drop it from the idle list.
    func forget(_ connection: UpstreamConnection) {
        self.open[ObjectIdentifier(connection)] = nil
        if let index = self.idle[connection.origin]?.firstIndex(where: { $0 === connection }) {
            self.idle[connection.origin]?.remove(at: index)
        }
    }

    /// Puts `exchange` under the loop's limit timer, bringing the timer forward if its limit falls first.
    func watch(_ exchange: UpstreamExchange) {
        if exchange.watchIndex == nil {
            exchange.watchIndex = self.watched.count
            self.watched.append(exchange)
        }
        self.armLimitTimer(for: exchange.nextLimit)
    }

    /// Takes `exchange` off the limit timer (it ended, or a stream's reader now owns its limits).
    func unwatch(_ exchange: UpstreamExchange) {
        guard let index = exchange.watchIndex else { return }
        exchange.watchIndex = nil
        let last = self.watched.removeLast()
        if last !== exchange {
            self.watched[index] = last
            last.watchIndex = index
        }
    }

    /// Makes the limit timer fire by `instant` (it stays if it already does).
    func armLimitTimer(for instant: ContinuousClock.Instant) {
        if let timer = self.limitTimer {
            guard instant < timer.at else { return }
            timer.task.cancel()
        }
        let delay = ContinuousClock.now.duration(to: instant)
        let task = self.loop.scheduleTask(in: .nanoseconds(max(0, delay.totalNanoseconds))) { [self] in
            self.limitTimer = nil
            self.expireDueExchanges()
        }
        self.limitTimer = (instant, task)
    }

    /// The limit timer fired: fails every exchange whose limit passed and re-arms for the earliest of the rest.
    private func expireDueExchanges() {
        let now = ContinuousClock.now
        // Failing an exchange unwatches it, so walk a copy.
        for exchange in self.watched { exchange.expireIfDue(now: now) }
        var earliest: ContinuousClock.Instant?
        for exchange in self.watched where exchange.isWatched {
            let next = exchange.nextLimit
            if earliest.map({ next < $0 }) ?? true { earliest = next }
        }
        if let earliest { self.armLimitTimer(for: earliest) }
    }

    private func scheduleIdleSweep(at instant: ContinuousClock.Instant) {
        let delay = ContinuousClock.now.duration(to: instant)
        self.idleSweep = self.loop.scheduleTask(in: .nanoseconds(max(0, delay.totalNanoseconds))) { [self] in
            self.idleSweep = nil
            self.closeExpiredIdle()
        }
    }

    /// The idle sweep fired: closes the connections idle for the idle timeout, and sweeps again for the rest.
    private func closeExpiredIdle() {
        let now = ContinuousClock.now
        let timeout = self.configuration.idleTimeout
        var expired: [UpstreamConnection] = []
        var earliest: ContinuousClock.Instant?
        for (origin, connections) in self.idle {
            var kept: [UpstreamConnection] = []
            for connection in connections {
                let since = connection.idleSince ?? now
                if since + timeout <= now {
                    expired.append(connection)
                } else {
                    kept.append(connection)
                    if earliest.map({ since < $0 }) ?? true { earliest = since }
                }
            }
            if kept.count != connections.count { self.idle[origin] = kept.isEmpty ? nil : kept }
        }
        for connection in expired {
            connection.idleSince = nil
            connection.close()
        }
        if let earliest { self.scheduleIdleSweep(at: earliest + timeout) }
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
