import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A test double of Lambda's Runtime API (2018-06-01) on 127.0.0.1, on a port the system picks.
///
/// `GET next` waits until the test queues an invocation (as RAPID does), then answers with the scripted headers and
/// body. Every request is recorded as it arrives (head, each body part when it is read, trailers), so a test can
/// see a streamed chunk before the runtime sends the next one. `POST`s are answered 202 unless a status was
/// scripted for their path.
final class ScriptedRuntimeAPI: Sendable {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    private struct State {
        var invocations: [ScriptedInvocation] = []
        var statuses: [String: HTTPResponseStatus] = [:]
        var requests: [RecordedRequest] = []
        var channels: [Int: any Channel] = [:]
        var connectionCount = 0
        var waitingNext = 0
        var mostWaitingNext = 0
    }

    let port: Int
    private let state = Mutex(State())

    private init(port: Int) { self.port = port }

    /// `AWS_LAMBDA_RUNTIME_API` for this server.
    var address: String { "127.0.0.1:\(self.port)" }

    // MARK: scripting

    /// Queues invocations for `GET next`, in order.
    func enqueue(_ invocations: ScriptedInvocation...) {
        self.state.withLock { $0.invocations.append(contentsOf: invocations) }
    }

    /// Answers every request to `path` with `status` (instead of 202).
    func answer(_ status: HTTPResponseStatus, to path: String) {
        self.state.withLock { $0.statuses[path] = status }
    }

    /// Answers the `/response` of invocation `requestID` with `status`.
    func answerResponse(of requestID: String, with status: HTTPResponseStatus) {
        self.answer(status, to: "/2018-06-01/runtime/invocation/\(requestID)/response")
    }

    /// Answers the `/error` of invocation `requestID` with `status`.
    func answerError(of requestID: String, with status: HTTPResponseStatus) {
        self.answer(status, to: "/2018-06-01/runtime/invocation/\(requestID)/error")
    }

    // MARK: observing

    /// Every request received so far, in arrival order (incomplete ones included).
    var requests: [RecordedRequest] { self.state.withLock { $0.requests } }

    /// How many `GET next` requests are waiting for an invocation right now.
    var waitingNextCount: Int { self.state.withLock { $0.waitingNext } }

    /// The most `GET next` requests that were ever waiting at the same time.
    var mostWaitingNextCount: Int { self.state.withLock { $0.mostWaitingNext } }

    /// How many connections the runtime opened.
    var connectionCount: Int { self.state.withLock { $0.connectionCount } }

    /// The first complete request about invocation `requestID` to `/suffix` (`response`, `error`).
    func completedPost(_ suffix: String, for requestID: String) -> RecordedRequest? {
        self.requests.first { $0.isPost(suffix, for: requestID) && $0.isComplete }
    }

    /// Waits until a complete `POST .../requestID/suffix` has arrived and returns it.
    func waitForPost(
        _ suffix: String,
        for requestID: String,
        within limit: Duration = .seconds(60)
    ) async throws
        -> RecordedRequest
    {
        try await waitUntil("POST \(requestID)/\(suffix)", within: limit) {
            self.completedPost(suffix, for: requestID) != nil
        }
        return self.completedPost(suffix, for: requestID)!
    }

    /// Waits until `count` `GET next` requests are waiting at once.
    func waitForWaitingNext(_ count: Int = 1, within limit: Duration = .seconds(60)) async throws {
        try await waitUntil("\(count) GET next waiting", within: limit) { self.waitingNextCount >= count }
    }

    /// Closes every connection the runtime opened (the runtime sees the Runtime API go away).
    func closeConnections() {
        let channels = self.state.withLock { Array($0.channels.values) }
        for channel in channels { channel.close(promise: nil) }
    }

    // MARK: running

    /// Starts a server, runs `body` with it under a time limit, and shuts it down.
    static func with<T: Sendable>(
        timeout: Duration = .seconds(30),
        _ body: @escaping @Sendable (ScriptedRuntimeAPI) async throws -> T
    ) async throws -> T {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: false,
                        withErrorHandling: true
                    )
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        let api = ScriptedRuntimeAPI(port: server.channel.localAddress?.port ?? 0)
        let serverChannel = server.channel
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.executeThenClose { inbound in
                    try await withThrowingDiscardingTaskGroup { connections in
                        for try await connection in inbound {
                            connections.addTask { await api.serve(connection) }
                        }
                    }
                }
            }
            let outcome: Result<T, any Error>
            do {
                outcome = .success(
                    try await withTimeout(timeout, onTimeout: { api.closeConnections() }) { try await body(api) }
                )
            } catch {
                outcome = .failure(error)
            }
            api.closeConnections()
            serverChannel.close(promise: nil)
            group.cancelAll()
            while (try? await group.next()) != nil {}
            return try outcome.get()
        }
    }

    // MARK: serving

    private func serve(_ connection: Connection) async {
        let channel = connection.channel
        let id = self.state.withLock { state in
            let id = state.connectionCount
            state.connectionCount += 1
            state.channels[id] = channel
            return id
        }
        try? await connection.executeThenClose { inbound, outbound in
            var current: Int?
            for try await part in inbound {
                switch part {
                case .head(let head):
                    current = self.state.withLock { state in
                        state.requests.append(
                            RecordedRequest(connection: id, method: head.method, path: head.uri, headers: head.headers)
                        )
                        return state.requests.count - 1
                    }
                case .body(let buffer):
                    guard let index = current else { continue }
                    self.state.withLock { $0.requests[index].chunks.append(Array(buffer.readableBytesView)) }
                case .end(let trailers):
                    guard let index = current else { continue }
                    let request = self.state.withLock { state in
                        state.requests[index].trailers = trailers
                        state.requests[index].isComplete = true
                        return state.requests[index]
                    }
                    current = nil
                    try await self.reply(to: request, on: channel, outbound)
                }
            }
        }
        _ = self.state.withLock { $0.channels.removeValue(forKey: id) }
    }

    private func reply(
        to request: RecordedRequest,
        on channel: any Channel,
        _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        if request.isNext {
            guard let invocation = try await self.nextInvocation(while: channel) else { return }
            try await self.send(invocation.status, headers: invocation.headers, body: invocation.body, outbound)
        } else {
            let status = self.state.withLock { $0.statuses[request.path] } ?? .accepted
            let body =
                status == .accepted ? #"{"status":"OK"}"# : #"{"errorType":"Scripted","errorMessage":"scripted"}"#
            try await self.send(status, headers: [], body: Array(body.utf8), outbound)
        }
    }

    /// Waits for a queued invocation; nil if the connection closed first.
    private func nextInvocation(while channel: any Channel) async throws -> ScriptedInvocation? {
        self.state.withLock { state in
            state.waitingNext += 1
            state.mostWaitingNext = max(state.mostWaitingNext, state.waitingNext)
        }
        defer { self.state.withLock { $0.waitingNext -= 1 } }
        while channel.isActive {
            let invocation = self.state.withLock { state in
                state.invocations.isEmpty ? nil : state.invocations.removeFirst()
            }
            if let invocation { return invocation }
            try await Task.sleep(for: .milliseconds(1))
        }
        return nil
    }

    private func send(
        _ status: HTTPResponseStatus,
        headers extra: [(name: String, value: String)],
        body: [UInt8],
        _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(body.count))
        for (name, value) in extra { headers.add(name: name, value: value) }
        let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
        try await outbound.write(contentsOf: [.head(head), .body(.byteBuffer(ByteBuffer(bytes: body))), .end(nil)])
    }
}
