package import NIOCore
package import NIOHTTP1
import NIOPosix
import TandemCore

/// Keep-alive HTTP/1.1 connections to plain-HTTP upstreams (self-hosted vLLM, TGI, Ollama, a sidecar, a mock), kept
/// per event loop: the whole (non-streamed) exchange runs on the loop the caller runs on, with one write per request
/// and no timer or future of its own (each loop keeps one timer for all its exchanges' limits and one for its idle
/// connections, and the caller's continuation is resumed directly).
///
/// `tandem serve` runs each client connection's handler on that connection's loop, so a gateway request, its
/// upstream exchange and its response never leave one thread. AsyncHTTPClient picks any pooled connection (often on
/// the other loop) and runs a request state machine, a connection-pool state machine and its locks per request;
/// on the gateway's chat path it cost a third of the CPU per request. TLS upstreams still go through
/// AsyncHTTPClient (see ``HTTPUpstream/exchange(endpoint:headers:body:options:timeouts:limit:)``).
///
/// Nothing is sent twice: a connection that breaks before the response fails the exchange with
/// ``LLMError/Code/connection``, which the router retries within its policy. An upstream that closes an idle
/// connection is noticed on the loop (its close is read like any event) and the connection leaves the pool.
package final class UpstreamConnectionPool: Sendable {
    /// Limits of the pool.
    package struct Configuration: Sendable {
        /// The longest a new connection may take (further bounded by the attempt's limits).
        package var connectTimeout: Duration = .seconds(10)
        /// How long an idle connection is kept.
        package var idleTimeout: Duration = .seconds(60)
        /// Idle connections kept per origin and loop; more are closed when they finish.
        package var maximumIdlePerOrigin = 1024

        package init() {}
    }

    /// The process's pool, on NIO's shared event loops (the ones `tandem serve` and AsyncHTTPClient use).
    package static let shared = UpstreamConnectionPool(group: MultiThreadedEventLoopGroup.singleton)

    private let group: any EventLoopGroup
    private let pools: [ObjectIdentifier: UpstreamLoopPool]

    /// A pool over `group`'s loops.
    package init(group: any EventLoopGroup, configuration: Configuration = Configuration()) {
        self.group = group
        var pools: [ObjectIdentifier: UpstreamLoopPool] = [:]
        for loop in group.makeIterator() {
            pools[ObjectIdentifier(loop)] = UpstreamLoopPool(loop: loop, configuration: configuration)
        }
        self.pools = pools
    }

    /// POSTs `body` to `target` and collects the whole response.
    ///
    /// - Parameters:
    ///   - target: Where to send it.
    ///   - headers: The request's headers (`Host` and `Content-Length` are set here).
    ///   - body: The request body.
    ///   - timeouts: The attempt's limits.
    ///   - provider: The provider named in errors.
    ///   - limit: The largest 2xx body accepted.
    /// - Returns: The response, whatever its status (at most ``HTTPUpstream/errorBodyLimit`` bytes of a non-2xx body).
    /// - Throws: ``LLMError``: ``LLMError/Code/connection`` when connecting fails or the connection breaks,
    ///   ``LLMError/Code/timeout`` or ``LLMError/Code/deadlineExceeded`` when a limit passes,
    ///   ``LLMError/Code/cancelled`` when the caller went away, ``LLMError/Code/badResponse`` for a body over
    ///   `limit` or an unreadable response.
    package func exchange(
        target: UpstreamTarget,
        headers: HTTPHeaders,
        body: [UInt8],
        timeouts: AttemptTimeouts,
        provider: String,
        limit: Int
    ) async throws(LLMError) -> UpstreamAnswer {
        try await self.run(
            target: target,
            headers: headers,
            body: body,
            timeouts: timeouts,
            provider: provider,
            limit: limit,
            stream: nil
        )
    }

    /// POSTs `body` to `target` and returns when the response's head arrived: a 2xx response with its body still
    /// to come as `parts` (nothing is buffered beyond what the reader has not taken yet; stopping the iteration
    /// closes the connection), any other status with its body read whole.
    ///
    /// Until the head, the attempt's first-token, total and deadline limits apply; the body's limits are the
    /// reader's (an ``AttemptWatchdog``).
    ///
    /// - Returns: The head (and, for a non-2xx status, the body), and the 2xx body's parts.
    /// - Throws: As ``exchange(target:headers:body:timeouts:provider:limit:)`` does before the head.
    package func stream(
        target: UpstreamTarget,
        headers: HTTPHeaders,
        body: [UInt8],
        timeouts: AttemptTimeouts,
        provider: String
    ) async throws(LLMError) -> (head: UpstreamAnswer, parts: AsyncThrowingStream<ByteBuffer, any Error>) {
        let (parts, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let head = try await self.run(
            target: target,
            headers: headers,
            body: body,
            timeouts: timeouts,
            provider: provider,
            limit: HTTPUpstream.errorBodyLimit,
            stream: continuation
        )
        return (head, parts)
    }

    private func run(
        target: UpstreamTarget,
        headers: HTTPHeaders,
        body: [UInt8],
        timeouts: AttemptTimeouts,
        provider: String,
        limit: Int,
        stream: AsyncThrowingStream<ByteBuffer, any Error>.Continuation?
    ) async throws(LLMError) -> UpstreamAnswer {
        let pool: UpstreamLoopPool
        if let current = MultiThreadedEventLoopGroup.currentEventLoop, let local = self.pools[ObjectIdentifier(current)]
        {
            pool = local
        } else {
            pool = self.pools[ObjectIdentifier(self.group.next())]!
        }
        var headers = headers
        Self.set("Host", target.hostHeader, in: &headers)
        Self.set("Content-Length", String(body.count), in: &headers)
        let exchange = UpstreamExchange(
            pool: pool,
            target: target,
            head: HTTPRequestHead(version: .http1_1, method: .POST, uri: target.path, headers: headers),
            body: ByteBuffer(bytes: body),
            timeouts: timeouts,
            provider: provider,
            limit: limit,
            stream: stream
        )
        // The reader stopping (or going away) before the body ended closes the connection.
        stream?.onTermination = { _ in exchange.cancel() }
        do {
            return try await withTaskCancellationHandler {
                // The exchange settles on the loop, so the caller is handed over there too: at once when this task
                // runs on the loop (the server's tasks prefer their connection's loop), by a hop otherwise.
                try await withUnsafeThrowingContinuation { continuation in
                    if pool.loop.inEventLoop {
                        exchange.wait(continuation)
                        pool.start(exchange)
                    } else {
                        pool.loop.execute {
                            exchange.wait(continuation)
                            pool.start(exchange)
                        }
                    }
                }
            } onCancel: {
                exchange.cancel()
            }
        } catch let error as LLMError {
            throw error
        } catch {
            throw LLMError(.connection, "the exchange failed (\(type(of: error)))", provider: provider)
        }
    }

    /// Sets a header the pool owns, replacing a caller's only when it has one (the usual case costs no removal).
    private static func set(_ name: String, _ value: String, in headers: inout HTTPHeaders) {
        if headers.contains(name: name) {
            headers.replaceOrAdd(name: name, value: value)
        } else {
            headers.add(name: name, value: value)
        }
    }

    /// Closes the idle connections of every loop (tests; the process's pool lives as long as the process).
    package func closeIdleConnections() async {
        for pool in self.pools.values {
            try? await pool.loop.submit { pool.closeIdle() }.get()
        }
    }

    /// The idle connections on every loop (tests).
    package func idleConnectionCount() async -> Int {
        var count = 0
        for pool in self.pools.values {
            count += (try? await pool.loop.submit { pool.idleCount }.get()) ?? 0
        }
        return count
    }
}
