#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TandemApp
import TandemLLM
import TandemServer
import Testing

@Suite("The gateway over HTTP", .timeLimit(.minutes(2)))
struct GatewayServerTests {
    static func table(_ provider: some ChatProvider, heartbeat: Duration = .seconds(15)) -> (HandlerTable, Gateway) {
        let gateway = Gateway(chat: provider, heartbeatInterval: heartbeat)
        var table = HandlerTable()
        table.addGatewayRoutes(gateway)
        return (table, gateway)
    }

    static func post(_ port: Int, _ body: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    @Test func deltasArriveOneByOneOverHTTP() async throws {
        let (table, _) = Self.table(SlowProvider())
        try await withServer(table) { port in
            let body = #"{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
            let response = try await HTTPClient.shared.execute(Self.post(port, body), timeout: .seconds(30))
            #expect(response.status.code == 200)
            #expect(response.headers.first(name: "content-type") == "text/event-stream")
            #expect(response.headers.first(name: "x-tandem-overhead-ms") != nil)
            var chunks = 0
            var text = ""
            for try await buffer in response.body {
                chunks += 1
                text += String(buffer: buffer)
            }
            // Six deltas 20 ms apart cannot all arrive in one read: they are flushed as they come.
            #expect(chunks >= 4)
            #expect(text.contains(#""content":"scripted ""#))
            #expect(text.hasSuffix("data: [DONE]\n\n"))
        }
    }

    @Test func closingTheConnectionCancelsTheUpstream() async throws {
        let provider = SlowProvider()
        let (table, gateway) = Self.table(provider)
        try await withServer(table) { port in
            let body = #"{"model":"m","stream":true,"messages":[{"role":"user","content":"wait"}]}"#
            let task = Task {
                let response = try await HTTPClient.shared.execute(Self.post(port, body), timeout: .seconds(60))
                for try await buffer in response.body where String(buffer: buffer).contains("model") {
                    return  // the client leaves after the last word, while the upstream still waits
                }
            }
            try await task.value
            for _ in 0..<500 where !provider.wasCancelled { try await Task.sleep(for: .milliseconds(10)) }
            #expect(provider.wasCancelled)
            #expect(gateway.streams.count == 0)
        }
    }

    @Test func playgroundPageIsServed() async throws {
        let (table, _) = Self.table(SlowProvider())
        try await withServer(table) { port in
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/"),
                timeout: .seconds(10)
            )
            #expect(response.headers.first(name: "content-type") == "text/html; charset=utf-8")
            let html = String(buffer: try await response.body.collect(upTo: 1 << 20))
            #expect(html.contains("Tandem playground"))
        }
    }
}
