#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import Synchronization
import TandemApp
import TandemCore
import TandemLLM
import Testing

@Suite("Gateway chat front doors", .timeLimit(.minutes(1)))
struct GatewayChatTests {
    static let openAIBody = #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#
    static let openAIStream =
        #"{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}"#
    static let anthropicStream = #"{"model":"m","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#

    @Test func openAINonStreamingAnswersInOpenAIFormat() async throws {
        let provider = ScriptedProvider.text(["Hel", "lo"])
        let client = GatewayClient(Gateway(chat: provider))
        let response = await client.send("POST", "/v1/chat/completions", body: Self.openAIBody)
        #expect(response.status == 200)
        let json = try await GatewayClient.json(response)
        #expect(json["object"] == "chat.completion")
        #expect(json["choices"]?.arrayValue?.first?["message"]?["content"] == "Hello")
        #expect(json["choices"]?.arrayValue?.first?["finish_reason"] == "stop")
        #expect(json["usage"]?["prompt_tokens"] == 7)
        #expect(json["usage"]?["completion_tokens"] == 3)
        let overhead = try #require(GatewayClient.header(response, "x-tandem-overhead-ms"))
        #expect(Double(overhead) != nil)
        #expect(provider.requests.first?.messages.first?.text == "hi")
    }

    @Test func openAIStreamSendsEachDeltaThenUsageThenDone() async throws {
        let client = GatewayClient(Gateway(chat: ScriptedProvider.text(["a", "b", "c"])))
        let response = await client.send("POST", "/v1/chat/completions", body: Self.openAIStream)
        #expect(response.status == 200)
        #expect(GatewayClient.header(response, "content-type") == "text/event-stream")
        let events = GatewayClient.events(try await GatewayClient.text(response))
        let payloads = events.map(\.data)
        #expect(payloads.last == "[DONE]")
        let chunks = try payloads.dropLast().map { try JSONValue(parsing: $0) }
        let contents = chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }
        #expect(contents == ["", "a", "b", "c"])
        let usage = try #require(chunks.last?["usage"])
        #expect(usage["total_tokens"] == 10)
        #expect(chunks.last?["choices"]?.arrayValue?.isEmpty == true)
    }

    @Test func anthropicStreamHasTheFullEventSequence() async throws {
        let client = GatewayClient(Gateway(chat: ScriptedProvider.text(["x", "y"])))
        let response = await client.send("POST", "/v1/messages", body: Self.anthropicStream)
        #expect(response.status == 200)
        let names = GatewayClient.events(try await GatewayClient.text(response)).map { $0.event ?? "" }
        #expect(
            names == [
                "message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop",
            ]
        )
    }

    @Test func anthropicNonStreamingAnswersAMessage() async throws {
        let client = GatewayClient(Gateway(chat: ScriptedProvider.text(["ok"])))
        let response = await client.send(
            "POST",
            "/v1/messages",
            body: #"{"model":"m","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}"#
        )
        let json = try await GatewayClient.json(response)
        #expect(json["type"] == "message")
        #expect(json["content"]?.arrayValue?.first?["text"] == "ok")
        #expect(json["stop_reason"] == "end_turn")
    }

    @Test func failureAfterFirstTokenEndsWithTerminalErrorNotDone() async throws {
        let provider = ScriptedProvider([
            .event(.messageStart(id: "1", model: "m")), .event(.textDelta("partial")),
            .event(.error(LLMError(.serverError, "upstream broke", provider: "p", status: 500))),
        ])
        let client = GatewayClient(Gateway(chat: provider))
        let text = try await GatewayClient.text(
            await client.send("POST", "/v1/chat/completions", body: Self.openAIStream)
        )
        let payloads = GatewayClient.events(text).map(\.data)
        #expect(!payloads.contains("[DONE]"))
        let last = try JSONValue(parsing: try #require(payloads.last))
        #expect(last["error"]?["type"] == "api_error")

        let anthropic = try await GatewayClient.text(
            await client.send("POST", "/v1/messages", body: Self.anthropicStream)
        )
        let events = GatewayClient.events(anthropic)
        #expect(events.last?.event == "error")
        #expect(!events.contains { $0.event == "message_stop" })
    }

    @Test func failureBeforeFirstTokenKeepsItsStatus() async throws {
        let provider = ScriptedProvider([], failure: LLMError(.rateLimited, "slow down", provider: "p", status: 429, retryAfter: .seconds(3)))
        let client = GatewayClient(Gateway(chat: provider))
        let response = await client.send("POST", "/v1/chat/completions", body: Self.openAIStream)
        #expect(response.status == 429)
        #expect(GatewayClient.header(response, "retry-after") == "3")
        let json = try await GatewayClient.json(response)
        #expect(json["error"]?["type"] == "rate_limit_error")

        let anthropic = await client.send("POST", "/v1/messages", body: Self.anthropicStream)
        #expect(anthropic.status == 429)
        let body = try await GatewayClient.json(anthropic)
        #expect(body["type"] == "error")
        #expect(body["error"]?["type"] == "rate_limit_error")
    }

    @Test func heartbeatsWhileTheUpstreamIsSilent() async throws {
        let provider = ScriptedProvider([
            .event(.messageStart(id: "1", model: "m")), .pause(.milliseconds(260)), .event(.textDelta("late")),
            .event(.finish(.stop)),
        ])
        let gateway = Gateway(chat: provider, heartbeatInterval: .milliseconds(50))
        let client = GatewayClient(gateway)
        let text = try await GatewayClient.text(await client.send("POST", "/v1/chat/completions", body: Self.openAIStream))
        let heartbeats = text.components(separatedBy: ": keep-alive\n\n").count - 1
        #expect(heartbeats >= 2)
        #expect(text.hasSuffix("data: [DONE]\n\n"))
        let anthropic = try await GatewayClient.text(await client.send("POST", "/v1/messages", body: Self.anthropicStream))
        #expect(GatewayClient.events(anthropic).filter { $0.event == "ping" }.count >= 2)
        #expect(gateway.metrics.render().contains("tandem_heartbeats_total"))
    }

    @Test func clientDisconnectCancelsTheUpstream() async throws {
        let provider = ScriptedProvider([
            .event(.messageStart(id: "1", model: "m")), .event(.textDelta("a")), .pause(.seconds(20)),
            .event(.textDelta("never")),
        ])
        // The client's absence shows at the next write: a heartbeat 50 ms into the silence.
        let gateway = Gateway(chat: provider, heartbeatInterval: .milliseconds(50))
        let response = await GatewayClient(gateway).send("POST", "/v1/chat/completions", body: Self.openAIStream)
        guard case .stream(let produce) = response.body else {
            Issue.record("expected a stream")
            return
        }
        try await produce(GoneClient(acceptedWrites: 2))
        for _ in 0..<200 where !provider.wasCancelled { try await Task.sleep(for: .milliseconds(10)) }
        #expect(provider.wasCancelled)
        #expect(gateway.metrics.render().contains("tandem_client_disconnects_total 1"))
        #expect(gateway.streams.count == 0)
    }

    @Test func shutdownEndsStreamsWithATerminalError() async throws {
        let provider = ScriptedProvider([
            .event(.messageStart(id: "1", model: "m")), .event(.textDelta("a")), .pause(.seconds(20)),
        ])
        let gateway = Gateway(chat: provider)
        let response = await GatewayClient(gateway).send("POST", "/v1/chat/completions", body: Self.openAIStream)
        async let text = GatewayClient.text(response)
        for _ in 0..<200 where gateway.streams.count == 0 { try await Task.sleep(for: .milliseconds(5)) }
        gateway.streams.closeAll(GatewayError(status: 503, message: "the server is shutting down", code: "shutdown"))
        let payloads = GatewayClient.events(try await text).map(\.data)
        #expect(!payloads.contains("[DONE]"))
        #expect(try JSONValue(parsing: try #require(payloads.last))["error"]?["code"] == "shutdown")
    }

    @Test(arguments: [
        (#"{"model":"m","messages":"nope"}"#, "messages"),
        (#"{"model":"m","messages":[{"role":"user","content":3}]}"#, "messages[0].content"),
        (#"{"model":"m","messages":[],"temperature":"hot"}"#, "temperature"),
    ])
    func invalidRequestsName(body: String, field: String) async throws {
        let client = GatewayClient(Gateway(chat: ScriptedProvider.text(["x"])))
        let response = await client.send("POST", "/v1/chat/completions", body: body)
        #expect(response.status == 400)
        let json = try await GatewayClient.json(response)
        #expect(json["error"]?["param"]?.stringValue == field)
        #expect(json["error"]?["type"] == "invalid_request_error")
    }

    @Test func notJSONIsA400() async throws {
        let client = GatewayClient(Gateway(chat: ScriptedProvider.text(["x"])))
        let response = await client.send("POST", "/v1/messages", body: "{not json")
        #expect(response.status == 400)
        #expect(try await GatewayClient.json(response)["type"] == "error")
    }

    @Test func maxTokensAboveTheLimitIsRefused() async throws {
        let client = GatewayClient(Gateway(chat: ScriptedProvider.text(["x"]), maxTokens: 100))
        let response = await client.send(
            "POST",
            "/v1/chat/completions",
            body: #"{"model":"m","max_tokens":101,"messages":[{"role":"user","content":"hi"}]}"#
        )
        #expect(response.status == 400)
        #expect(try await GatewayClient.json(response)["error"]?["param"] == "max_tokens")
    }

    @Test func unknownModelIsA404InBothFormats() async throws {
        let provider = ScriptedProvider([], failure: LLMError(.notFound, "no model named 'nope'"))
        let client = GatewayClient(Gateway(chat: provider))
        let openAI = await client.send("POST", "/v1/chat/completions", body: Self.openAIBody)
        #expect(openAI.status == 404)
        #expect(try await GatewayClient.json(openAI)["error"]?["code"] == "model_not_found")
        let anthropic = await client.send("POST", "/v1/messages", body: Self.anthropicStream)
        #expect(anthropic.status == 404)
        #expect(try await GatewayClient.json(anthropic)["error"]?["type"] == "not_found_error")
    }
}

/// A client that takes a few writes, then is gone.
final class GoneClient: ResponseBodyStreamWriter {
    struct Gone: Error {}
    let remaining: Mutex<Int>

    init(acceptedWrites: Int) { self.remaining = Mutex(acceptedWrites) }

    func write(_ buffer: ByteBuffer) async throws {
        try self.remaining.withLock { remaining in
            guard remaining > 0 else { throw Gone() }
            remaining -= 1
        }
    }
}
