import NIOCore
import Testing

@testable import TandemLambda

@Suite("Runtime API response decoder")
struct RuntimeAPIResponseDecoderTests {
    static let next = Array(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: req-1\r\n"
            + "Lambda-Runtime-Deadline-Ms: 1795748400123\r\nContent-Length: 13\r\n\r\n{\"hello\":\"x\"}").utf8
    )

    /// Feeds `bytes` in pieces of `step` bytes and collects every response.
    static func decodeAll(_ bytes: [UInt8], step: Int) throws -> [RuntimeAPIResponseDecoder.Response] {
        var decoder = RuntimeAPIResponseDecoder()
        var input = ByteBuffer()
        var responses: [RuntimeAPIResponseDecoder.Response] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + step, bytes.count)
            input.writeBytes(bytes[offset..<end])
            offset = end
            while let response = try decoder.decode(&input) { responses.append(response) }
        }
        if let last = try decoder.finish() { responses.append(last) }
        return responses
    }

    @Test("a Content-Length response, whole or split at every byte", arguments: [1, 2, 7, 64, 4096])
    func contentLength(step: Int) throws {
        let responses = try Self.decodeAll(Self.next, step: step)
        try #require(responses.count == 1)
        #expect(responses[0].status == 200)
        #expect(String(buffer: responses[0].body) == #"{"hello":"x"}"#)
        #expect(responses[0].header("lambda-runtime-aws-request-id") == "req-1")
        #expect(responses[0].headers.map(\.name) == [
            "Content-Type", "Lambda-Runtime-Aws-Request-Id", "Lambda-Runtime-Deadline-Ms", "Content-Length",
        ])
    }

    @Test("chunked bodies (with an extension and trailers), and two responses back to back", arguments: [1, 5, 1000])
    func chunkedAndPipelined(step: Int) throws {
        let chunked = "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;name=value\r\nWiki\r\nA\r\npedia in\r\n\r\n0\r\nX-Trailer: t\r\n\r\n"
        let second = "HTTP/1.1 410 Gone\r\ncontent-length: 0\r\n\r\n"
        let responses = try Self.decodeAll(Array((chunked + second).utf8), step: step)
        try #require(responses.count == 2)
        #expect(responses[0].status == 202)
        #expect(String(buffer: responses[0].body) == "Wikipedia in\r\n")
        #expect(responses[1].status == 410)
        #expect(responses[1].body.readableBytes == 0)
    }

    @Test("interim 1xx responses are skipped; 204 has no body; no framing reads to the end of the connection")
    func framing() throws {
        let text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end"
        let responses = try Self.decodeAll(Array(text.utf8), step: 3)
        #expect(responses.map(\.status) == [204, 200])
        #expect(responses[0].body.readableBytes == 0)
        #expect(String(buffer: responses[1].body) == "until the end")
    }

    @Test("a connection that ends inside a response is an error; one that ends between responses is not")
    func truncated() throws {
        var decoder = RuntimeAPIResponseDecoder()
        var input = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        #expect(try decoder.decode(&input) == nil)
        #expect(throws: LambdaRuntimeError.connectionClosed) { try decoder.finish() }
        var idle = RuntimeAPIResponseDecoder()
        #expect(try idle.finish() == nil)
    }

    @Test(
        "malformed responses are refused",
        arguments: [
            "HTTP/2 200 OK\r\n\r\n",
            "HTTP/1.1 2x0 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n",
        ]
    )
    func malformed(text: String) {
        var decoder = RuntimeAPIResponseDecoder()
        var input = ByteBuffer(string: text)
        #expect(throws: LambdaRuntimeError.self) {
            while try decoder.decode(&input) != nil {}
        }
    }

    @Test("a head that never ends is refused once it exceeds the limit")
    func headTooLarge() {
        var decoder = RuntimeAPIResponseDecoder()
        var input = ByteBuffer(string: "HTTP/1.1 200 OK\r\nX-Long: " + String(repeating: "a", count: 70_000))
        #expect(throws: LambdaRuntimeError.invalidResponse("head too large")) { try decoder.decode(&input) }
    }
}

@Suite("Runtime API request encoding")
struct RuntimeAPIRequestHeadTests {
    @Test("a request head: request line, Host, User-Agent, the headers in order, the empty line")
    func head() throws {
        let bytes = try RuntimeAPIRequestHead.encode(
            method: "POST",
            path: "/2018-06-01/runtime/invocation/req-1/response",
            host: "127.0.0.1:9001",
            headers: [("Content-Type", "application/json"), ("Content-Length", "2")]
        )
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\nHost: 127.0.0.1:9001\r\n"
                + "User-Agent: tandem-lambda/0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n"
        )
    }

    @Test("chunk framing: the size in hex, and the last chunk with trailers")
    func chunks() throws {
        #expect(RuntimeAPIRequestHead.chunkSizeLine(255) == Array("ff\r\n".utf8))
        #expect(RuntimeAPIRequestHead.chunkSizeLine(6 * 1024 * 1024) == Array("600000\r\n".utf8))
        let end = try RuntimeAPIRequestHead.lastChunk(trailers: [("Lambda-Runtime-Function-Error-Type", "Function.X")])
        #expect(String(decoding: end, as: UTF8.self) == "0\r\nLambda-Runtime-Function-Error-Type: Function.X\r\n\r\n")
        #expect(try RuntimeAPIRequestHead.lastChunk(trailers: []) == Array("0\r\n\r\n".utf8))
    }

    @Test(
        "a header that would split the request is refused",
        arguments: [("Content-Type", "text/plain\r\nX-Injected: 1"), ("Bad Name", "v"), ("", "v"), ("X", "nul\u{0}")]
    )
    func injection(name: String, value: String) {
        #expect(throws: LambdaRuntimeError.self) {
            try RuntimeAPIRequestHead.encode(method: "POST", path: "/p", host: "h:1", headers: [(name, value)])
        }
    }

    @Test("the decoder reads what the encoder writes (a streamed response with a chunk and an error trailer)")
    func roundTrip() throws {
        var bytes = try RuntimeAPIRequestHead.encode(
            method: "POST",
            path: "/r",
            host: "h:1",
            headers: [("Transfer-Encoding", "chunked")]
        )
        // The request's framing is the response's: reuse the decoder on it, with a status line in front.
        bytes.removeFirst("POST /r HTTP/1.1\r\n".utf8.count)
        bytes.insert(contentsOf: "HTTP/1.1 200 OK\r\n".utf8, at: 0)
        bytes += RuntimeAPIRequestHead.chunkSizeLine(5) + Array("hello".utf8) + RuntimeAPIRequestHead.crlf
        bytes += try RuntimeAPIRequestHead.lastChunk(trailers: [("Lambda-Runtime-Function-Error-Type", "Function.X")])
        let responses = try RuntimeAPIResponseDecoderTests.decodeAll(bytes, step: 3)
        #expect(responses.count == 1)
        #expect(responses.first.map { String(buffer: $0.body) } == "hello")
    }
}
