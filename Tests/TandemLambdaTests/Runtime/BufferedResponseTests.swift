import NIOCore
import NIOHTTP1
import TandemCore
import TandemLambda
import Testing

extension RuntimeAPIClientTests {
    @Suite("Buffered responses")
    struct BufferedResponseTests {
        static let limit = 6 * 1024 * 1024 + 100

        @Test("6 MiB + 100 B is sent buffered; one byte more is Function.ResponseSizeTooLarge on /error")
        func sizeLimit() async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(
                    .event(String(Self.limit), requestID: "at-limit"),
                    .event(String(Self.limit + 1), requestID: "over-limit"),
                    .event("3", requestID: "small")
                )
                try await api.withRuntime { event, writer, _ in
                    let size = Int(String(buffer: event))!
                    try await writer.writeAndFinish(ByteBuffer(repeating: UInt8(ascii: "x"), count: size))
                } _: { exit in
                    let atLimit = try await api.waitForPost("response", for: "at-limit")
                    #expect(atLimit.body.count == Self.limit)
                    #expect(!atLimit.isChunked)
                    #expect(atLimit.header("Content-Length") == String(Self.limit))
                    #expect(atLimit.header("Lambda-Runtime-Function-Response-Mode") == nil)

                    let over = try await api.waitForPost("error", for: "over-limit")
                    #expect(over.header("Lambda-Runtime-Function-Error-Type") == "Function.ResponseSizeTooLarge")
                    let body = try LambdaWire.json(over.body)
                    #expect(body["errorType"]?.stringValue == "Function.ResponseSizeTooLarge")
                    let message = try #require(body["errorMessage"]?.stringValue)
                    #expect(message.contains(String(Self.limit + 1)) && message.contains(String(Self.limit)))
                    #expect(api.requests.first { $0.isPost("response", for: "over-limit") } == nil)

                    let small = try await api.waitForPost("response", for: "small")
                    #expect(small.bodyText == "xxx")
                    #expect(!exit.hasExited)
                }
            }
        }

        @Test("a buffered response carries the content type the handler gave")
        func contentType() async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "typed"), .event(requestID: "untyped"))
                try await api.withRuntime { _, writer, context in
                    if context.requestID == "typed" {
                        try await writer.writeAndFinish(ByteBuffer(string: "<p>"), contentType: "text/html")
                    } else {
                        try await writer.writeAndFinish(ByteBuffer(string: "raw"))
                    }
                } _: { _ in
                    let typed = try await api.waitForPost("response", for: "typed")
                    let untyped = try await api.waitForPost("response", for: "untyped")
                    #expect(typed.header("Content-Type") == "text/html")
                    #expect(untyped.header("Content-Type") == nil)
                }
            }
        }
    }
}
