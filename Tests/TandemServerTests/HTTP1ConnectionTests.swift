import NIOCore
import NIOPosix
import Synchronization
import TandemApp
import Testing

@testable import TandemServer

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `tandem serve`'s own HTTP/1.1 connection handling (``HTTP1RequestHandler``), seen from a raw socket: the bytes
/// on the wire, pipelining, limits and connection ends.
@Suite("HTTP/1.1 connections", .timeLimit(.minutes(1)))
struct HTTP1ConnectionTests {
    /// Records what the handler saw of the last request.
    final class Seen: Sendable {
        let request = Mutex<(path: String, query: String, headers: [String])?>(nil)
    }

    /// A server that takes bodies of up to 16 bytes.
    static let sixteenByteBodies = ServerConfiguration(host: "127.0.0.1", port: 0, maxBodyBytes: 16)

    static func table(_ seen: Seen = Seen()) -> HandlerTable {
        var table = HandlerTable()
        table.route("GET", "/hello") { request in
            seen.request.withLock { $0 = (request.path, request.query, request.headers.map(\.name)) }
            return .text("hello \(request.queryParameter("name") ?? "you")")
        }
        table.route("POST", "/echo") { request in
            AppResponse(
                status: 200,
                headers: [("content-type", "application/octet-stream")],
                body: .complete(request.body)
            )
        }
        table.route("GET", "/stream") { _ in
            AppResponse(
                status: 200,
                headers: [("content-type", "text/event-stream")],
                body: .stream { writer in
                    for index in 0..<3 { try await writer.write(ByteBuffer(string: "data: \(index)\n\n")) }
                }
            )
        }
        table.route("GET", "/late-stream") { _ in
            AppResponse(
                status: 200,
                headers: [("content-type", "text/event-stream")],
                body: .stream { writer in
                    try await Task.sleep(for: .seconds(3))
                    try await writer.write(ByteBuffer(string: "data: late\n\n"))
                }
            )
        }
        table.route("GET", "/bad-header") { _ in
            AppResponse(status: 200, headers: [("x-ok", "1"), ("x-split", "a\r\nx-injected: 1"), ("bad name", "v")])
        }
        return table
    }

    /// Sends `bytes` on a new connection and reads until the server closes it or `quiet` passes without data.
    static func exchange(
        _ port: Int,
        _ bytes: String,
        quiet: Duration = .milliseconds(300)
    ) async throws -> (
        text: String, closed: Bool
    ) {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(string: bytes))
        var last = collector.received.withLock { $0.count }
        while true {
            try await Task.sleep(for: quiet)
            let (count, closed) = collector.received.withLock {
                ($0.count, collector.isClosed.load(ordering: .relaxed))
            }
            if closed || count == last { break }
            last = count
        }
        let closed = collector.isClosed.load(ordering: .relaxed)
        if !closed { try? await channel.close() }
        return (String(decoding: collector.received.withLock { $0 }, as: UTF8.self), closed)
    }

    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received = Mutex<[UInt8]>([])
        let isClosed = Atomic(false)

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = Self.unwrapInboundIn(data)
            self.received.withLock { $0 += buffer.readableBytesView }
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.isClosed.store(true, ordering: .relaxed)
        }
    }

    @Test("two pipelined requests in one write get their answers in order, on a connection kept alive")
    func pipelining() async throws {
        try await withServer(Self.table()) { port in
            let (text, closed) = try await Self.exchange(
                port,
                "GET /hello?name=a HTTP/1.1\r\nHost: x\r\n\r\nGET /hello?name=b HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            let first = try #require(text.firstRange(of: "hello a"))
            let second = try #require(text.firstRange(of: "hello b"))
            #expect(first.upperBound < second.lowerBound)
            #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
            #expect(text.lowercased().contains("content-length: 7"))
            #expect(text.lowercased().contains("date: "))
            #expect(!closed)
        }
    }

    @Test("the handler sees the raw path, the query, and header names in lower case; the request id is echoed")
    func requestView() async throws {
        let seen = Seen()
        try await withServer(Self.table(seen)) { port in
            let (text, _) = try await Self.exchange(
                port,
                "GET http://example.com/hello?name=x%20y#frag HTTP/1.1\r\nHost: x\r\nX-Request-ID: abc-123\r\n\r\n"
            )
            #expect(text.contains("hello x y"))
            #expect(text.lowercased().contains("x-request-id: abc-123"))
            let request = try #require(seen.request.withLock { $0 })
            #expect(request.path == "/hello")
            #expect(request.query == "name=x%20y")
            #expect(request.headers == ["host", "x-request-id"])
        }
    }

    @Test("HEAD gets the GET route's head and length without its body")
    func head() async throws {
        try await withServer(Self.table()) { port in
            let (text, closed) = try await Self.exchange(
                port,
                "HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            let parts = text.components(separatedBy: "HTTP/1.1 200 OK")
            #expect(parts.count == 3)
            #expect(parts[1].lowercased().contains("content-length: 9"))
            #expect(!parts[1].contains("hello you"))
            #expect(parts[2].hasSuffix("hello you"))
            #expect(!closed)
        }
    }

    @Test("a streamed body is chunked and ended; Connection: close ends the connection after the answer")
    func streamAndClose() async throws {
        try await withServer(Self.table()) { port in
            let (text, closed) = try await Self.exchange(
                port,
                "GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            #expect(text.lowercased().contains("transfer-encoding: chunked"))
            #expect(text.lowercased().contains("connection: close"))
            #expect(text.contains("data: 0\n\n") && text.contains("data: 2\n\n"))
            #expect(text.hasSuffix("0\r\n\r\n"))
            #expect(closed)
        }
    }

    @Test("a streamed head goes out at once even when the body's first write comes later")
    func streamHeadBeforeLateBody() async throws {
        try await withServer(Self.table()) { port in
            // exchange returns once 300 ms pass without data: the head must have come before then, the body not.
            let (text, closed) = try await Self.exchange(port, "GET /late-stream HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.lowercased().contains("content-type: text/event-stream"))
            #expect(!text.contains("data: late"))
            #expect(!closed)
        }
    }

    @Test("a body over the limit is refused with 413 before it is read, and the connection closes")
    func bodyLimit() async throws {
        try await withServer(Self.table(), configuration: Self.sixteenByteBodies) { port in
            let declared = try await Self.exchange(
                port,
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n0123456789"
            )
            #expect(declared.text.hasPrefix("HTTP/1.1 413"))
            #expect(declared.text.lowercased().contains("connection: close"))
            #expect(declared.closed)
            let chunked = try await Self.exchange(
                port,
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\nx\r\n0\r\n\r\n"
            )
            #expect(chunked.text.hasPrefix("HTTP/1.1 413"))
            #expect(chunked.closed)
            let within = try await Self.exchange(
                port,
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 16\r\n\r\n0123456789abcdef"
            )
            #expect(within.text.hasPrefix("HTTP/1.1 200"))
            #expect(within.text.hasSuffix("0123456789abcdef"))
            #expect(!within.closed)
        }
    }

    @Test("Expect: 100-continue is answered before the body; over the limit it gets 413 instead")
    func expectContinue() async throws {
        try await withServer(Self.table(), configuration: Self.sixteenByteBodies) { port in
            let within = try await Self.exchange(
                port,
                "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello"
            )
            #expect(within.text.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK"))
            #expect(within.text.hasSuffix("hello"))
            let over = try await Self.exchange(
                port,
                "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 17\r\n\r\n"
            )
            #expect(over.text.hasPrefix("HTTP/1.1 413"))
            #expect(over.closed)
        }
    }

    @Test("a malformed request gets 400 and the connection closes; unknown paths get the table's 404")
    func malformed() async throws {
        try await withServer(Self.table()) { port in
            let garbage = try await Self.exchange(port, "NOT HTTP AT ALL\r\n\r\n")
            #expect(garbage.text.hasPrefix("HTTP/1.1 400"))
            #expect(garbage.closed)
            let missing = try await Self.exchange(port, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(missing.text.hasPrefix("HTTP/1.1 404"))
        }
    }

    @Test("response headers that could split the head are dropped")
    func headerInjection() async throws {
        try await withServer(Self.table()) { port in
            let (text, _) = try await Self.exchange(port, "GET /bad-header HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(text.lowercased().contains("x-ok: 1"))
            #expect(!text.lowercased().contains("x-injected"))
            #expect(!text.contains("bad name"))
        }
    }

    @Test(
        "request targets split into path and query",
        arguments: [
            ("/a/b?c=d", "/a/b", "c=d"), ("/", "/", ""), ("/a?", "/a", ""), ("/a#f", "/a", ""), ("?x=1", "/", "x=1"),
            ("http://h:1/p?q#f", "/p", "q"), ("http://h", "/", ""), ("http://h?x", "/", "x"), ("*", "*", ""),
        ]
    )
    func split(_ target: String, _ path: String, _ query: String) {
        let split = HTTP1Responder.split(target)
        #expect(split.path == path)
        #expect(split.query == query)
    }

    @Test("only heads that ask for a WebSocket upgrade go to the WebSocket pipeline")
    func sniffing() {
        func asks(_ head: String) -> Bool { UpgradeSniffer.asksForWebSocket(Array(head.utf8)) }
        #expect(asks("GET /v1/realtime-chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"))
        #expect(asks("GET / HTTP/1.1\r\nupgrade:  WebSocket \r\n\r\n"))
        #expect(asks("GET / HTTP/1.1\r\nUPGRADE: h2c, websocket\r\n\r\n"))
        #expect(!asks("GET / HTTP/1.1\r\nUpgrade: h2c\r\n\r\n"))
        #expect(!asks("GET /websocket HTTP/1.1\r\nX-Upgrade: websocket\r\n\r\n"))
        #expect(!asks("POST /v1/chat/completions HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"))
        #expect(UpgradeSniffer.headEnd(in: ByteBuffer(string: "GET / HTTP/1.1\r\nA: b\r\n\r\nbody")) == 24)
        #expect(UpgradeSniffer.headEnd(in: ByteBuffer(string: "GET / HTTP/1.1\r\nA: b\r\n")) == nil)
    }
}
