import TandemCore
import Testing

@testable import TandemLLM

/// The running task's trace reaches the provider's upstream: `X-Amzn-Trace-Id` as the Lambda runtime sets it per
/// invocation, `traceparent` only when the trace has one; nothing outside a trace.
@Suite("Trace headers on provider requests (fault server on loopback)", .timeLimit(.minutes(1)))
struct TraceHeaderTests {
    static let request = ChatRequest(model: "trace-model", messages: [.user("hi")])
    static let amazon = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    static let w3c = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

    static func provider(_ server: FaultServer) -> OpenAIProvider {
        OpenAIProvider(baseURL: server.baseURL, apiKey: "sk-trace", flavor: .compatible, name: "trace")
    }

    static func header(_ name: String, _ recorded: FaultServer.Recorded) -> [String] {
        recorded.headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    @Test("chat and stream inside a trace carry both headers; the same calls outside carry none")
    func insideAndOutside() async throws {
        let server = try await FaultServer.start(Array(repeating: .succeed(text: "hello there"), count: 4))
        defer { Task { await server.shutdown() } }
        let provider = Self.provider(server)
        try await TraceContext.$current.withValue(TraceContext(amazonTraceID: Self.amazon, traceparent: Self.w3c)) {
            _ = try await provider.chat(Self.request, options: CallOptions())
            _ = try await provider.stream(Self.request, options: CallOptions()).collect()
        }
        _ = try await provider.chat(Self.request, options: CallOptions())
        _ = try await provider.stream(Self.request, options: CallOptions()).collect()

        let requests = server.requests
        try #require(requests.count == 4)
        for traced in requests[0..<2] {
            #expect(Self.header("X-Amzn-Trace-Id", traced) == [Self.amazon])
            #expect(Self.header("traceparent", traced) == [Self.w3c])
        }
        #expect(requests[1].isStreaming)
        for untraced in requests[2..<4] {
            #expect(Self.header("X-Amzn-Trace-Id", untraced).isEmpty)
            #expect(Self.header("traceparent", untraced).isEmpty)
        }
    }

    @Test("a Lambda trace alone sends no traceparent (none is invented); a caller's own header wins")
    func onlyWhatIsThere() async throws {
        let server = try await FaultServer.start(Array(repeating: .succeed(text: "ok"), count: 2))
        defer { Task { await server.shutdown() } }
        let provider = Self.provider(server)
        var options = CallOptions()
        options.headers = [("X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000001")]
        try await TraceContext.$current.withValue(TraceContext(amazonTraceID: Self.amazon)) {
            _ = try await provider.chat(Self.request, options: CallOptions())
            _ = try await provider.chat(Self.request, options: options)
        }
        let requests = server.requests
        try #require(requests.count == 2)
        #expect(Self.header("X-Amzn-Trace-Id", requests[0]) == [Self.amazon])
        #expect(Self.header("traceparent", requests[0]).isEmpty)
        #expect(Self.header("X-Amzn-Trace-Id", requests[1]) == ["Root=1-00000000-000000000000000000000001"])
    }
}
