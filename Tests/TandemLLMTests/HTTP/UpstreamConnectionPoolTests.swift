import NIOCore
import NIOHTTP1
import NIOPosix
import TandemCore
import Testing

@testable import TandemLLM

/// The plain-HTTP pool itself: URL parsing, connection reuse, and failures before any answer.
@Suite("UpstreamConnectionPool: keep-alive HTTP/1.1 per event loop")
struct UpstreamConnectionPoolTests {
    private static let body = Array(#"{"model":"fault-model","messages":[{"role":"user","content":"hi"}]}"#.utf8)

    @Test(
        "plain-HTTP URLs are taken apart; other schemes and user information are left to AsyncHTTPClient",
        arguments: [
            ("http://127.0.0.1:8000/v1/chat/completions", "127.0.0.1", 8000, "/v1/chat/completions", "127.0.0.1:8000"),
            ("HTTP://vllm.internal/v1/embeddings?x=1#frag", "vllm.internal", 80, "/v1/embeddings?x=1", "vllm.internal"),
            ("http://[::1]:11434/api", "::1", 11434, "/api", "[::1]:11434"),
            ("http://ollama:11434", "ollama", 11434, "/", "ollama:11434"),
            ("http://host?q=1", "host", 80, "/?q=1", "host"),
            ("http://[::1]/p#", "::1", 80, "/p", "[::1]"),
            ("http://café.local:81/ü", "café.local", 81, "/ü", "café.local:81"),
        ]
    )
    func parses(_ url: String, _ host: String, _ port: Int, _ path: String, _ hostHeader: String) throws {
        let target = try #require(UpstreamTarget(url: url))
        #expect(target.origin == UpstreamTarget.Origin(host: host, port: port))
        #expect(target.path == path)
        #expect(target.hostHeader == hostHeader)
    }

    @Test(
        "refused",
        arguments: [
            "https://api.openai.com/v1", "http://user:pw@host/v1", "http://:80/v1", "http://host:0/",
            "http://host:99999/", "http://host:abc/", "ftp://host/", "http://[::1/",
            "http://[::1]x/", "http://", "http://#frag",
        ]
    )
    func refuses(_ url: String) {
        #expect(UpstreamTarget(url: url) == nil)
    }

    private func exchange(
        _ pool: UpstreamConnectionPool,
        _ url: String,
        options: CallOptions = CallOptions()
    ) async throws(LLMError) -> UpstreamAnswer {
        try await pool.exchange(
            target: UpstreamTarget(url: url)!,
            headers: HTTPHeaders([("Content-Type", "application/json")]),
            body: Self.body,
            timeouts: AttemptTimeouts(options: options),
            provider: "fault",
            limit: HTTPUpstream.responseBodyLimit
        )
    }

    @Test("sequential calls share one kept-alive connection, which is closed on request")
    func reuse() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pool = UpstreamConnectionPool(group: group)
        let server = try await FaultServer.start([
            .succeed(text: "one"), .succeed(text: "two"), .succeed(text: "three"),
        ])
        defer { Task { await server.shutdown() } }
        for expected in ["one", "two", "three"] {
            let answer = try await self.exchange(pool, server.baseURL + "/chat/completions")
            #expect(answer.status == 200)
            #expect(try OpenAIChatWire.decodeResponse(answer.body).message.text == expected)
            #expect(await pool.idleConnectionCount() == 1)
        }
        let sent = try #require(server.requests.last)
        #expect(sent.headers.contains { $0.0.lowercased() == "host" && $0.1.hasPrefix("127.0.0.1:") })
        #expect(sent.headers.contains { $0.0.lowercased() == "content-length" && $0.1 == "\(Self.body.count)" })
        await pool.closeIdleConnections()
        #expect(await pool.idleConnectionCount() == 0)
        try await group.shutdownGracefully()
    }

    @Test("concurrent calls each get a connection, and all return to the pool")
    func concurrent() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let pool = UpstreamConnectionPool(group: group)
        let server = try await FaultServer.start(Array(repeating: .succeed(text: "same"), count: 16))
        defer { Task { await server.shutdown() } }
        let url = server.baseURL + "/chat/completions"
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 { group.addTask { try await self.exchange(pool, url).status } }
            for try await status in group { #expect(status == 200) }
        }
        let idle = await pool.idleConnectionCount()
        #expect(idle >= 1 && idle <= 16)
        #expect(server.requestCount == 16)
        await pool.closeIdleConnections()
        try await group.shutdownGracefully()
    }

    @Test("a refused connection is a connection error naming the address; nothing is retried here")
    func refused() async throws {
        let port = try await Self.closedPort()
        await #expect {
            _ = try await self.exchange(.shared, "http://127.0.0.1:\(port)/v1/chat/completions")
        } throws: { error in
            guard let error = error as? LLMError else { return false }
            return error.code == .connection && error.message.contains("127.0.0.1:\(port)")
                && error.provider == "fault"
        }
    }

    @Test("an upstream that drops the connection without answering is a connection error, sent once")
    func reset() async throws {
        let server = try await FaultServer.start([.succeed(text: "warm"), .reset])
        defer { Task { await server.shutdown() } }
        let url = server.baseURL + "/chat/completions"
        _ = try await self.exchange(.shared, url)
        await #expect {
            _ = try await self.exchange(.shared, url)
        } throws: { ($0 as? LLMError)?.code == .connection }
        #expect(server.requestCount == 2)
    }

    @Test("an idle connection is closed after the idle timeout; one in use is not")
    func idleTimeout() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = UpstreamConnectionPool.Configuration()
        configuration.idleTimeout = .milliseconds(300)
        let pool = UpstreamConnectionPool(group: group, configuration: configuration)
        let server = try await FaultServer.start(Array(repeating: .succeed(text: "kept"), count: 4))
        defer { Task { await server.shutdown() } }
        let url = server.baseURL + "/chat/completions"
        _ = try await self.exchange(pool, url)
        #expect(await pool.idleConnectionCount() == 1)
        // Used again before its timeout: the sweep that was due for it must not close it now.
        try await Task.sleep(for: .milliseconds(200))
        _ = try await self.exchange(pool, url)
        try await Task.sleep(for: .milliseconds(150))
        #expect(await pool.idleConnectionCount() == 1)
        #expect(server.connectionCount == 1)
        // Left alone for longer than the timeout: closed.
        try await Task.sleep(for: .milliseconds(450))
        #expect(await pool.idleConnectionCount() == 0)
        _ = try await self.exchange(pool, url)
        #expect(server.connectionCount == 2)
        await pool.closeIdleConnections()
        try await group.shutdownGracefully()
    }

    @Test("exchanges on one loop each time out on their own limit, also one started later with an earlier limit")
    func limitsShareOneTimer() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pool = UpstreamConnectionPool(group: group)
        let server = try await FaultServer.start(Array(repeating: .stall, count: 3))
        defer { Task { await server.shutdown() } }
        let url = server.baseURL + "/chat/completions"
        let clock = ContinuousClock()
        let start = clock.now
        let limits: [Duration] = [.milliseconds(1500), .milliseconds(900), .milliseconds(300)]
        let ended = try await withThrowingTaskGroup(of: (Duration, Duration, LLMError.Code?).self) { tasks in
            for (index, limit) in limits.enumerated() {
                tasks.addTask {
                    // Each starts after the one before, with an earlier limit.
                    try await Task.sleep(for: .milliseconds(50 * index))
                    do {
                        _ = try await self.exchange(pool, url, options: CallOptions(firstTokenTimeout: limit))
                        return (limit, start.duration(to: clock.now), nil)
                    } catch let error as LLMError {
                        return (limit, start.duration(to: clock.now), error.code)
                    }
                }
            }
            var ended: [(Duration, Duration, LLMError.Code?)] = []
            for try await result in tasks { ended.append(result) }
            return ended
        }
        for (index, limit) in limits.enumerated() {
            let result = try #require(ended.first { $0.0 == limit })
            #expect(result.2 == .timeout)
            let due = limit + .milliseconds(50 * index)
            #expect(result.1 >= due && result.1 < due + .milliseconds(400), "limit \(limit) ended at \(result.1)")
        }
        try await group.shutdownGracefully()
    }

    /// A port nothing listens on (bound, then closed).
    private static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = channel.localAddress?.port ?? 1
        try await channel.close()
        return port
    }
}
