import AsyncHTTPClient
import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import TandemServer
import Testing

@Suite("One listening socket per event loop")
struct EventLoopListenersTests {
    static let logger = Logger(label: "test.listeners", factory: { _ in SwiftLogNoOpLogHandler() })

    /// HTTP/1.1 whose responder answers with where it ran: "<loop> <accepted on the same loop> <on the loop>".
    static func child(delay: Duration = .zero) -> some ServerChildChannel {
        HTTP1Channel(responder: { _, writer, channel in
            if delay > .zero { try await Task.sleep(for: delay) }
            let loop = ObjectIdentifier(channel.eventLoop as AnyObject)
            let sameLoop = channel.parent.map { $0.eventLoop === channel.eventLoop } ?? false
            let text = "\(loop.hashValue) \(sameLoop) \(channel.eventLoop.inEventLoop)"
            try await writer.write(
                response: HTTPResponse(status: .ok),
                body: ResponseBody(byteBuffer: ByteBuffer(string: text))
            )
        })
    }

    /// Runs listeners for `child` on `loops` while `body` runs (with the port), then shuts them down gracefully.
    static func withListeners<Result: Sendable>(
        _ child: some ServerChildChannel,
        loops: [any EventLoop],
        port: Int = 0,
        _ body: @Sendable (Int, ServiceGroup) async throws -> Result
    ) async throws -> Result {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let listeners = EventLoopListeners(
            child: child,
            host: "127.0.0.1",
            port: port,
            loops: loops,
            logger: Self.logger,
            onServerRunning: { continuation.yield($0) }
        )
        let group = ServiceGroup(services: [listeners], logger: Self.logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let result = try await body(port, group)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    static func get(_ port: Int) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/")
        request.headers.add(name: "connection", value: "close")  // a new connection each time
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        return (Int(response.status.code), String(buffer: body))
    }

    @Test("new connections spread over the loops' sockets; each is accepted and served on one loop")
    func connectionsStayOnTheirLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let answers = try await Self.withListeners(Self.child(), loops: loops) { port, _ in
            var answers: [String] = []
            for _ in 0..<48 { answers.append(try await Self.get(port).body) }
            return answers
        }
        try await group.shutdownGracefully()
        let fields = answers.map { $0.split(separator: " ") }
        #expect(fields.allSatisfy { $0.count == 3 && $0[1] == "true" && $0[2] == "true" }, "\(answers)")
        // The kernel hashes each connection to one socket: 48 connections all on one of two is a 1 in 2^47 chance.
        #expect(Set(fields.map { $0[0] }).count == 2)
    }

    @Test("a port another server already holds is refused instead of shared")
    func portInUseIsRefused() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        try await Self.withListeners(Self.child(), loops: loops) { port, _ in
            let second = EventLoopListeners(
                child: Self.child(),
                host: "127.0.0.1",
                port: port,
                loops: loops,
                logger: Self.logger,
                onServerRunning: { _ in }
            )
            await #expect(throws: (any Error).self) { try await second.run() }
            // The first server still answers.
            let status = try await Self.get(port).status
            #expect(status == 200)
        }
        try await group.shutdownGracefully()
    }

    @Test("graceful shutdown stops accepting, lets the request in flight finish, then returns")
    func gracefulShutdownFinishesRequests() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let (status, refused) = try await Self.withListeners(Self.child(delay: .milliseconds(400)), loops: loops) {
            port,
            serviceGroup in
            async let answer = Self.get(port)
            try await Task.sleep(for: .milliseconds(150))
            await serviceGroup.triggerGracefulShutdown()
            let status = try await answer.status
            // Not through HTTPClient: it retries a refused connection until its deadline.
            let refused: Bool
            do {
                let channel = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
                try? await channel.close()
                refused = false
            } catch {
                refused = true
            }
            return (status, refused)
        }
        try await group.shutdownGracefully()
        #expect(status == 200)
        #expect(refused)
    }
}
