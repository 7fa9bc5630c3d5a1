import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An OpenAI-shaped HTTP/1.1 server on 127.0.0.1 (random port) that answers each request from a script of faults:
/// a status with headers (429 with `Retry-After`, 500, 529, ...), a reset connection, a stall before the first
/// byte, a stream of N chunks that is then cut or stalls, or a success (a chat completion, or its SSE stream when
/// the request has `"stream":true`).
///
/// The n-th request gets the n-th fault; requests beyond the script get a 599 that no router rule expects, so a
/// test that makes an unexpected attempt fails loudly. Every request is recorded, and so is every connection the
/// client closed while the server was stalling (how tests see cancellation reach the upstream).
final class FaultServer: Sendable {
    enum Fault: Sendable {
        /// Answer `status` with `headers` and an OpenAI error body of `type`.
        case status(Int, headers: [(String, String)] = [], type: String = "server_error", message: String = "fault")
        /// Close the connection (with a TCP reset) as soon as the request arrived.
        case reset
        /// Never answer; the connection stays open until the client goes away.
        case stall
        /// Answer 200: a chat completion with `text`, or an SSE stream of its words when the request streams.
        case succeed(text: String)
        /// Stream `chunks` words of `text` (after the role chunk), then, 200 ms later, close the connection
        /// mid-stream (the chunked body never ends). The pause lets the client read the chunks first: AsyncHTTPClient
        /// fails a body at once when its connection breaks, dropping parts it has buffered but not yet delivered.
        case cutAfter(chunks: Int, text: String)
        /// Stream `chunks` words of `text`, then stall with the connection open.
        case stallAfter(chunks: Int, text: String)

        /// 429 with `Retry-After: seconds`.
        static func rateLimited(retryAfter seconds: String) -> Fault {
            .status(429, headers: [("Retry-After", seconds)], type: "rate_limit_error", message: "slow down")
        }

        /// 429 with `retry-after-ms: milliseconds`.
        static func rateLimited(retryAfterMilliseconds milliseconds: Int) -> Fault {
            .status(429, headers: [("retry-after-ms", "\(milliseconds)")], type: "rate_limit_error", message: "slow down")
        }
    }

    struct Recorded: Sendable {
        var method: String
        var uri: String
        var headers: [(String, String)]
        var body: String

        var isStreaming: Bool { self.body.contains(#""stream":true"#) || self.body.contains(#""stream": true"#) }

        /// The `model` field of the request body (found by text: the body is the client's own JSON).
        var model: String {
            let marker = Array(#""model":""#.utf8)
            let bytes = Array(self.body.utf8)
            guard bytes.count >= marker.count else { return "" }
            for start in 0...(bytes.count - marker.count) where bytes[start..<(start + marker.count)].elementsEqual(marker) {
                let rest = bytes[(start + marker.count)...].prefix { $0 != UInt8(ascii: "\"") }
                return String(decoding: rest, as: UTF8.self)
            }
            return ""
        }
    }

    private struct State {
        var script: [Fault]
        var requests: [Recorded] = []
        var closedWhileStalled = 0
        var connections = 0
    }

    private let channel: any Channel
    private let state: Mutex<State>

    /// `http://127.0.0.1:<port>/v1`, the OpenAI base URL.
    var baseURL: String { "http://127.0.0.1:\(self.channel.localAddress?.port ?? 0)/v1" }
    /// Every request received, in order.
    var requests: [Recorded] { self.state.withLock { $0.requests } }
    /// How many requests arrived (the upstream attempts).
    var requestCount: Int { self.state.withLock { $0.requests.count } }
    /// How many connections clients opened.
    var connectionCount: Int { self.state.withLock { $0.connections } }
    /// Connections the client closed while the server was stalling on them.
    var closedWhileStalled: Int { self.state.withLock { $0.closedWhileStalled } }

    private init(channel: any Channel, script: [Fault]) {
        self.channel = channel
        self.state = Mutex(State(script: script))
    }

    static func start(_ script: [Fault]) async throws -> FaultServer {
        let box = Box()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let server = FaultServer(channel: channel, script: script)
        box.server.withLock { $0 = server }
        return server
    }

    func shutdown() async {
        try? await self.channel.close()
    }

    fileprivate func next(_ recorded: Recorded) -> Fault {
        self.state.withLock { state in
            state.requests.append(recorded)
            let index = state.requests.count - 1
            return index < state.script.count
                ? state.script[index] : .status(599, type: "unexpected_attempt", message: "script exhausted")
        }
    }

    fileprivate func connectionOpened() {
        self.state.withLock { $0.connections += 1 }
    }

    fileprivate func stalledConnectionClosed() {
        self.state.withLock { $0.closedWhileStalled += 1 }
    }

    private final class Box: Sendable {
        let server = Mutex<FaultServer?>(nil)
    }

    /// Runs on the channel's event loop only.
    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let box: Box
        private var head: HTTPRequestHead?
        private var body = ByteBuffer()
        private var stalled = false

        init(box: Box) { self.box = box }

        func channelActive(context: ChannelHandlerContext) {
            self.box.server.withLock { $0 }?.connectionOpened()
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            if self.stalled, let server = self.box.server.withLock({ $0 }) { server.stalledConnectionClosed() }
            context.fireChannelInactive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch self.unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                self.body.clear()
            case .body(var chunk):
                self.body.writeBuffer(&chunk)
            case .end:
                guard let head, let server = self.box.server.withLock({ $0 }) else { return }
                let recorded = Recorded(
                    method: head.method.rawValue,
                    uri: head.uri,
                    headers: head.headers.map { ($0.name, $0.value) },
                    body: String(buffer: self.body)
                )
                self.perform(server.next(recorded), recorded, context: context)
            }
        }

        private func perform(_ fault: Fault, _ request: Recorded, context: ChannelHandlerContext) {
            switch fault {
            case .status(let status, let headers, let type, let message):
                let body = #"{"error":{"message":"\#(message)","type":"\#(type)","param":null,"code":null}}"#
                self.respond(status: status, headers: headers, body: body, context: context)
            case .reset:
                self.reset(context: context)
            case .stall:
                self.stalled = true
            case .succeed(let text):
                if request.isStreaming {
                    let words = Self.words(text)
                    self.stream(words, model: request.model, finish: true, context: context)
                } else {
                    self.respond(status: 200, headers: [], body: Self.completion(text, model: request.model), context: context)
                }
            case .cutAfter(let chunks, let text):
                self.stream(Array(Self.words(text).prefix(chunks)), model: request.model, finish: false, context: context)
                let channel = context.channel
                channel.eventLoop.scheduleTask(in: .milliseconds(200)) { channel.close(promise: nil) }
            case .stallAfter(let chunks, let text):
                self.stream(Array(Self.words(text).prefix(chunks)), model: request.model, finish: false, context: context)
                self.stalled = true
            }
        }

        private func respond(status: Int, headers: [(String, String)], body: String, context: ChannelHandlerContext) {
            var fields = HTTPHeaders(headers)
            fields.add(name: "Content-Type", value: "application/json")
            fields.add(name: "Content-Length", value: "\(body.utf8.count)")
            fields.add(name: "x-request-id", value: "req_fault")
            let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: fields)
            context.write(self.wrapOutboundOut(.head(head)), promise: nil)
            context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
        }

        /// Writes the role chunk and one chunk per word; with `finish`, the finish and usage chunks and `[DONE]`.
        private func stream(_ words: [String], model: String, finish: Bool, context: ChannelHandlerContext) {
            var fields = HTTPHeaders()
            fields.add(name: "Content-Type", value: "text/event-stream")
            fields.add(name: "Transfer-Encoding", value: "chunked")
            let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: fields)
            context.write(self.wrapOutboundOut(.head(head)), promise: nil)
            func send(_ json: String) {
                let event = ByteBuffer(string: "data: \(json)\n\n")
                context.writeAndFlush(self.wrapOutboundOut(.body(.byteBuffer(event))), promise: nil)
            }
            let prefix = #"{"id":"chatcmpl-fault","object":"chat.completion.chunk","created":1,"model":"\#(model)","#
            send(prefix + #""choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#)
            for word in words {
                send(prefix + #""choices":[{"index":0,"delta":{"content":"\#(word)"},"finish_reason":null}]}"#)
            }
            guard finish else { return }
            send(prefix + #""choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#)
            send(
                prefix + #""choices":[],"usage":{"prompt_tokens":10,"completion_tokens":\#(words.count),"total_tokens":\#(10 + words.count)}}"#
            )
            context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "data: [DONE]\n\n")))), promise: nil)
            context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
        }

        /// Closes with SO_LINGER 0, so the client sees a reset rather than an orderly end.
        private func reset(context: ChannelHandlerContext) {
            let channel = context.channel
            context.flush()
            guard let socket = channel as? any SocketOptionProvider else {
                channel.close(promise: nil)
                return
            }
            socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
        }

        static func words(_ text: String) -> [String] {
            var words: [String] = []
            for (index, word) in text.split(separator: " ").enumerated() {
                words.append(index == 0 ? String(word) : " " + word)
            }
            return words
        }

        static func completion(_ text: String, model: String) -> String {
            #"{"id":"chatcmpl-fault","object":"chat.completion","created":1,"model":"\#(model)","choices":[{"index":0,"#
                + #""message":{"role":"assistant","content":"\#(text)"},"finish_reason":"stop"}],"#
                + #""usage":{"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500}}"#
        }
    }
}
