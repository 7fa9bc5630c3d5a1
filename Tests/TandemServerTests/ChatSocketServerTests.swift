import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import TandemApp
import TandemCore
import TandemLLM
import TandemServer
import Testing

/// WebSocket chat (`GET /v1/realtime-chat`) against a running `tandem serve` application and a scripted model,
/// driven by a real WebSocket client.
@Suite("WebSocket chat over the server", .timeLimit(.minutes(2)))
struct ChatSocketServerTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func gateway(_ provider: some ChatProvider, keys: TandemConfiguration.Keys = .init()) -> (HandlerTable, Gateway) {
        let gateway = Gateway(chat: provider, access: AccessControl(keys: keys))
        var table = HandlerTable()
        table.addGatewayRoutes(gateway)
        return (table, gateway)
    }

    static func chat(_ id: String, _ text: String, model: String = "scripted") -> String {
        #"{"action":"chat","id":"\#(id)","model":"\#(model)","messages":[{"role":"user","content":"\#(text)"}]}"#
    }

    /// Connects, runs `script` with a client over the socket, and returns the close frame the server sent.
    static func connect(
        port: Int,
        headers: HTTPFields = [:],
        _ script: @escaping @Sendable (SocketClient) async throws -> Void
    ) async throws -> WebSocketCloseFrame? {
        // Bounded, so that a missing event fails the test in seconds (with what did arrive) instead of hanging it.
        try await withThrowingTaskGroup(of: WebSocketCloseFrame?.self) { group in
            group.addTask {
                try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(port)/v1/realtime-chat",
                    configuration: .init(maxFrameSize: 1 << 22, additionalHeaders: headers),
                    logger: Self.logger
                ) { inbound, outbound, _ in
                    try await script(SocketClient(inbound: inbound, outbound: outbound))
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(20))
                throw SocketTimeout()
            }
            let closed = try await group.next()!
            group.cancelAll()
            return closed
        }
    }

    @Test func deltasArriveAsSeparateFramesInOrderAndDoneCarriesUsage() async throws {
        let (table, gateway) = Self.gateway(SlowProvider())
        let events = try await withServer(table, chatSocket: ChatSocketRoute(gateway: gateway)) { port in
            let events = Mutex<[ChatSocketEvent]>([])
            try await Self.connect(port: port) { client in
                try await client.send(Self.chat("c1", "hi"))
                while let event = try await client.next() {
                    events.withLock { $0.append(event) }
                    if event.isTerminal { break }
                }
            }
            return events.withLock { $0 }
        }
        try #require(events.count == 8)
        #expect(events.first == .start(id: "c1", model: "scripted"))
        let deltas = events.dropFirst().dropLast()
        #expect(Array(deltas) == ["Streamed ", "hello ", "from ", "the ", "scripted ", "model"].map { .delta(id: "c1", text: $0) })
        guard case .done(let id, let reason, let usage, _)? = events.last else {
            Issue.record("the last event is not done: \(String(describing: events.last))")
            return
        }
        #expect(id == "c1")
        #expect(reason == .stop)
        #expect(usage.inputTokens == 3)
        #expect(usage.outputTokens == 6)
        #expect(gateway.metrics.render().contains(#"route="/v1/realtime-chat""#))
    }

    @Test func badJSONGetsAnErrorFrameAndTheSocketStaysOpen() async throws {
        let (table, gateway) = Self.gateway(SlowProvider())
        try await withServer(table, chatSocket: ChatSocketRoute(gateway: gateway)) { port in
            try await Self.connect(port: port) { client in
                try await client.send("{not json")
                let error = try await client.next()
                guard case .error(let id, let failure)? = error else {
                    Issue.record("expected an error event, got \(String(describing: error))")
                    return
                }
                #expect(id == nil)
                #expect(failure.code == .invalidRequest)
                // The same socket still serves a chat.
                try await client.send(Self.chat("after", "hi"))
                var last: ChatSocketEvent?
                while let event = try await client.next() {
                    last = event
                    if event.isTerminal { break }
                }
                guard case .done(let id, _, _, _)? = last else {
                    Issue.record("expected done after the bad frame, got \(String(describing: last))")
                    return
                }
                #expect(id == "after")
            }
        }
    }

    @Test func closingTheSocketCancelsTheUpstreamAtOnce() async throws {
        let provider = SlowProvider()
        let (table, gateway) = Self.gateway(provider)
        try await withServer(table, chatSocket: ChatSocketRoute(gateway: gateway)) { port in
            let closed = try await Self.connect(port: port) { client in
                try await client.send(Self.chat("c1", "wait"))
                // The last word, then the model goes silent for 30 s: the client leaves.
                while let event = try await client.next() {
                    if event == .delta(id: "c1", text: "model") { break }
                }
                try await client.outbound.close(.goingAway, reason: nil)
            }
            _ = closed
            let start = ContinuousClock.now
            for _ in 0..<300 where !provider.wasCancelled { try await Task.sleep(for: .milliseconds(10)) }
            #expect(provider.wasCancelled)
            #expect(ContinuousClock.now - start < .seconds(3))
        }
    }

    @Test func chatsRunConcurrentlyOnOneSocketAndCancelStopsOne() async throws {
        let provider = SlowProvider()
        let (table, gateway) = Self.gateway(provider)
        try await withServer(table, chatSocket: ChatSocketRoute(gateway: gateway)) { port in
            try await Self.connect(port: port) { client in
                try await client.send(Self.chat("slow", "wait"))
                try await client.send(Self.chat("quick", "hi"))
                var terminal: [String: ChatSocketEvent] = [:]
                var quickDeltas: [String] = []
                var slowDeltas = 0
                while terminal.count < 2, let event = try await client.next() {
                    switch event {
                    case .delta(id: "quick", let text): quickDeltas.append(text)
                    case .delta(id: "slow", _):
                        slowDeltas += 1
                        if slowDeltas == 6 { try await client.send(#"{"action":"cancel","id":"slow"}"#) }
                    default: break
                    }
                    if event.isTerminal, let id = event.id { terminal[id] = event }
                }
                #expect(quickDeltas.joined() == "Streamed hello from the scripted model")
                guard case .done? = terminal["quick"] else {
                    Issue.record("quick did not finish: \(String(describing: terminal["quick"]))")
                    return
                }
                guard case .error(_, let error)? = terminal["slow"] else {
                    Issue.record("slow was not cancelled: \(String(describing: terminal["slow"]))")
                    return
                }
                #expect(error.code == .cancelled)
            }
            #expect(provider.wasCancelled)
        }
    }

    @Test func theKeyComesFromAHeaderOrASubprotocolAndAMissingKeyClosesWith1008() async throws {
        let keys = TandemConfiguration.Keys(staticKeys: [.init(name: "team", value: "sk-test-123")])
        let (table, gateway) = Self.gateway(SlowProvider(), keys: keys)
        try await withServer(table, chatSocket: ChatSocketRoute(gateway: gateway)) { port in
            // The refusal (an error message and a close frame right behind the 101) is read with a raw socket:
            // HummingbirdWSClient sometimes misses frames that arrive with the 101 and hangs (see RawSocketProbe).
            let refused = try await RawSocketProbe.run(port: port, path: "/v1/realtime-chat")
            #expect(refused.status == 101)
            #expect(refused.messages.count == 1)
            #expect(refused.messages.first?.contains(#""missing_api_key""#) == true)
            #expect(refused.closeCode == 1008)

            let headers: [HTTPFields] = [
                [.authorization: "Bearer sk-test-123"],
                [HTTPField.Name("Sec-WebSocket-Protocol")!: "tandem-chat, tandem-key.sk-test-123"],
            ]
            for fields in headers {
                let closed = try await Self.connect(port: port, headers: fields) { client in
                    try await client.send(Self.chat("k", "hi"))
                    var last: ChatSocketEvent?
                    while let event = try await client.next() {
                        last = event
                        if event.isTerminal { break }
                    }
                    guard case .done? = last else {
                        Issue.record("chat with \(fields) did not finish: \(String(describing: last))")
                        return
                    }
                    try await client.outbound.close(.normalClosure, reason: nil)
                }
                #expect(closed?.closeCode == .normalClosure)
            }
        }
    }

    @Test func aMessageOverTheLimitClosesWith1009() async throws {
        let (table, gateway) = Self.gateway(SlowProvider())
        let route = ChatSocketRoute(gateway: gateway, maxMessageBytes: 4096)
        try await withServer(table, chatSocket: route) { port in
            let closed = try await Self.connect(port: port) { client in
                try await client.send(Self.chat("big", String(repeating: "x", count: 8192)))
                while try await client.next() != nil {}
            }
            #expect(closed?.closeCode == .messageTooLarge)
        }
    }
}

/// The socket script did not finish within its bound.
struct SocketTimeout: Error {}

/// A test's side of a chat socket: sends text frames, reads server events.
final class SocketClient: @unchecked Sendable {
    // @unchecked: one test script uses it, from one task.
    let outbound: WebSocketOutboundWriter
    private var iterator: WebSocketInboundMessageStream.AsyncIterator

    init(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) {
        self.outbound = outbound
        self.iterator = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
    }

    func send(_ text: String) async throws {
        try await self.outbound.write(.text(text))
    }

    /// The next server event (nil once the server closed the socket).
    func next() async throws -> ChatSocketEvent? {
        guard let message = try await self.iterator.next() else { return nil }
        guard case .text(let text) = message else {
            Issue.record("the server sent a binary frame")
            return nil
        }
        return try ChatSocketCodec.decodeEvent(text)
    }
}
