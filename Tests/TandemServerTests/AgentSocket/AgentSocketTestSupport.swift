import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import HummingbirdWSClient
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import TandemApp
import TandemCore
import TandemLLM
import TandemServer
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A server with the agent routes and the agent run socket over a scripted model, for the agent socket suites.
struct AgentSocketServer: Sendable {
    final class Holder: @unchecked Sendable {
        // @unchecked: set once before the first request, read afterwards.
        var service: AgentService?
    }

    let table: HandlerTable
    let service: AgentService
    let route: AgentSocketRoute

    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The agent service in a fresh SQLite file, with an in-process scheduler (as `tandem serve` has).
    init(turns: [ScriptedChatModel.Turn], keys: TandemConfiguration.Keys? = nil) throws {
        let path = FileManager.default.temporaryDirectory.path + "/agent-socket-\(UUID().uuidString).sqlite"
        let runner = AgentRunner(
            store: try SQLiteCheckpointStore(path: path),
            model: ScriptedChatModel(turns: turns),
            tools: ToolRegistry(BuiltinTools.all())
        )
        let holder = Holder()
        let scheduler = TaskContinuationScheduler { runID in _ = try? await holder.service?.resume(runID) }
        let service = AgentService(runner: runner, scheduler: scheduler)
        holder.service = service
        let access = keys.map { AccessControl(keys: $0) }
        var table = HandlerTable()
        table.addAgentRoutes(service, access: access)
        self.table = table
        self.service = service
        self.route = AgentSocketRoute(service: service, access: access, pollInterval: .milliseconds(20))
    }

    /// Runs the server (with the route's drain service after it, as `tandem serve` does) for `body`; `body` gets
    /// the port and the service group (to start a graceful shutdown).
    func run<Result: Sendable>(_ body: @Sendable (Int, ServiceGroup) async throws -> Result) async throws -> Result {
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let app = ServerHost.makeServer(
            table: self.table,
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0),
            logger: Self.logger,
            agentSocket: self.route,
            onServerRunning: { port in portContinuation.yield(port) }
        )
        let group = ServiceGroup(services: [app, self.route.drain], logger: Self.logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = portStream.makeAsyncIterator()
            guard let port = await ports.next() else { throw CancellationError() }
            do {
                let result = try await body(port, group)
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

    /// Starts a run over HTTP and returns its id.
    static func start(port: Int, tools: [String], headers: [(String, String)] = []) async throws -> String {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/agents/runs")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let body: JSONValue = ["goal": "g", "model": "scripted", "tools": .array(tools.map { .string($0) })]
        request.body = .bytes(ByteBuffer(string: body.canonicalJSON()))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        try #require(response.status.code == 202, "start: \(response.status.code) \(String(buffer: bytes))")
        return try #require(try JSONValue(parsing: Data(bytes.readableBytesView))["id"]?.stringValue)
    }

    /// The `data:` lines of `GET /v1/agents/runs/{id}/events` (the run has ended, so the stream ends).
    static func sseData(port: Int, runID: String) async throws -> [String] {
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/agents/runs/\(runID)/events")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(response.status.code == 200)
        let text = String(buffer: try await response.body.collect(upTo: 1 << 22))
        return text.split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
    }

    /// Waits until the run has `status` (or fails the test after 10 s).
    func waitFor(_ runID: String, status: AgentRunStatus) async throws {
        for _ in 0..<500 {
            if try await self.service.runner.store.run(runID)?.status == status { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("run \(runID) did not reach \(status)")
    }
}

/// The outcome of one socket session: every text message, and the server's close frame.
struct AgentSocketSession: Sendable {
    var messages: [String]
    var close: WebSocketCloseFrame?

    /// The messages that are run events (those with a `seq`), as sent.
    var events: [String] { self.messages.filter { (try? JSONValue(parsing: $0))?["seq"] != nil } }
    /// Every message parsed.
    var json: [JSONValue] { self.messages.compactMap { try? JSONValue(parsing: $0) } }
}

/// A test's side of an agent socket: sends text messages, reads the server's, records them.
final class AgentSocketClient: @unchecked Sendable {
    // @unchecked: one test script uses it, from one task.
    let outbound: WebSocketOutboundWriter
    private var iterator: WebSocketInboundMessageStream.AsyncIterator
    private(set) var received: [String] = []

    init(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) {
        self.outbound = outbound
        self.iterator = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
    }

    func send(_ text: String) async throws {
        try await self.outbound.write(.text(text))
    }

    /// The next server message, parsed (nil once the server closed the socket).
    func next() async throws -> JSONValue? {
        guard let message = try await self.iterator.next() else { return nil }
        guard case .text(let text) = message else {
            Issue.record("the server sent a binary frame")
            return nil
        }
        self.received.append(text)
        return try JSONValue(parsing: text)
    }

    /// Reads until a message of `type` (returned), or nil if the socket closed first.
    func next(type: String) async throws -> JSONValue? {
        while let message = try await self.next() {
            if message["type"]?.stringValue == type { return message }
        }
        return nil
    }

    /// Reads until the server closes the socket.
    func drain() async throws {
        while try await self.next() != nil {}
    }

    /// Connects to `/v1/agents/runs/{id}/socket` (plus `query`), runs `script`, and returns what was received and
    /// the close frame; bounded, so that a missing message fails in seconds instead of hanging.
    static func session(
        port: Int,
        runID: String,
        query: String = "",
        headers: HTTPFields = [:],
        _ script: @escaping @Sendable (AgentSocketClient) async throws -> Void
    ) async throws -> AgentSocketSession {
        try await withThrowingTaskGroup(of: AgentSocketSession.self) { group in
            group.addTask {
                let box = ClientBox()
                let close = try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(port)/v1/agents/runs/\(runID)/socket\(query)",
                    configuration: .init(maxFrameSize: 1 << 22, additionalHeaders: headers),
                    logger: AgentSocketServer.logger
                ) { inbound, outbound, _ in
                    let client = AgentSocketClient(inbound: inbound, outbound: outbound)
                    box.client = client
                    try await script(client)
                }
                return AgentSocketSession(messages: box.client?.received ?? [], close: close)
            }
            group.addTask {
                try await Task.sleep(for: .seconds(20))
                throw AgentSocketTimeout()
            }
            let session = try await group.next()!
            group.cancelAll()
            return session
        }
    }

    private final class ClientBox: @unchecked Sendable {
        // @unchecked: written by the client's handler before `connect` returns, read after.
        var client: AgentSocketClient?
    }
}

struct AgentSocketTimeout: Error {}

extension AgentSocketServer {
    /// A run that waits for a callback, then answers with it (after `delay`).
    static let callbackTurns = [
        ScriptedChatModel.Turn(calls: [("wait_for_callback", #"{"reason":"approve"}"#)]),
        ScriptedChatModel.Turn(text: "approved: {{last_result}}", delay: .milliseconds(200)),
    ]

    /// The callback token of a `suspended` event.
    static func token(_ suspended: JSONValue?) throws -> String {
        try #require(suspended?["data"]?["token"]?.stringValue)
    }
}
