import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import TandemApp
import TandemServer

/// A response from ``ServeClient``.
struct ServeResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer
}

/// A client of a running `tandem serve` server (``withServe(_:_:)``) on one kept-alive connection.
struct ServeClient: Sendable {
    let port: Int
    let client: TestClient

    func execute(
        uri: String,
        method: HTTPRequest.Method,
        headers: HTTPFields = [:],
        body: ByteBuffer? = nil
    )
        async throws -> ServeResponse
    {
        let response = try await self.client.execute(
            TestClient.Request(uri, method: method, authority: "127.0.0.1:\(self.port)", headers: headers, body: body)
        )
        return ServeResponse(status: response.status, headers: response.headers, body: response.body ?? ByteBuffer())
    }
}

/// Runs `tandem serve`'s server (``ServerHost/makeServer(table:configuration:logger:chatSocket:agentSocket:onServerRunning:)``)
/// for `table` on a free loopback port while `body` runs, then shuts it down gracefully.
func withServe<Result: Sendable>(
    _ table: HandlerTable,
    _ body: @Sendable (ServeClient) async throws -> Result
) async throws -> Result {
    let logger = Logger(label: "test.serve", factory: { _ in SwiftLogNoOpLogHandler() })
    let (ports, portContinuation) = AsyncStream<Int>.makeStream()
    let server = ServerHost.makeServer(
        table: table,
        configuration: ServerConfiguration(host: "127.0.0.1", port: 0),
        logger: logger,
        onServerRunning: { port in portContinuation.yield(port) }
    )
    let group = ServiceGroup(services: [server], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        do {
            let client = TestClient(host: "127.0.0.1", port: port)
            client.connect()
            let result: Result
            do {
                result = try await body(ServeClient(port: port, client: client))
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            tasks.cancelAll()
            throw error
        }
    }
}
