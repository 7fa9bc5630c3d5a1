#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemApp
import TandemCore
import TandemLLM
import Testing

@Suite("Gateway embeddings, models, health and metrics", .timeLimit(.minutes(1)))
struct GatewayRoutesTests {
    @Test func embeddingsAsFloatsAndAsBase64() async throws {
        let provider = ScriptedProvider.text([])
        let client = GatewayClient(Gateway(chat: provider, embeddings: provider))
        let floats = try await GatewayClient.json(
            await client.send("POST", "/v1/embeddings", body: #"{"model":"e","input":["abcd","xy"]}"#)
        )
        let first = try #require(floats["data"]?.arrayValue?.first?["embedding"]?.arrayValue)
        #expect(first.compactMap(\.doubleValue) == [4, 0.5, -1.25])
        #expect(floats["usage"]?["prompt_tokens"] == 4)

        let base64 = try await GatewayClient.json(
            await client.send(
                "POST",
                "/v1/embeddings",
                body: #"{"model":"e","input":"abcd","encoding_format":"base64"}"#
            )
        )
        let text = try #require(base64["data"]?.arrayValue?.first?["embedding"]?.stringValue)
        let bytes = try #require(Data(base64Encoded: text))
        let values = stride(from: 0, to: bytes.count, by: 4).map { offset in
            Float(bitPattern: bytes[offset..<offset + 4].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) })
        }
        #expect(values == [4, 0.5, -1.25])
    }

    @Test func embeddingsWithoutInputNameTheField() async throws {
        let provider = ScriptedProvider.text([])
        let client = GatewayClient(Gateway(chat: provider, embeddings: provider))
        let response = await client.send("POST", "/v1/embeddings", body: #"{"model":"e"}"#)
        #expect(response.status == 400)
        #expect(try await GatewayClient.json(response)["error"]?["param"] == "input")
    }

    @Test func modelsListsTheConfiguredNames() async throws {
        let client = GatewayClient(Gateway(chat: ScriptedProvider.text([]), modelNames: ["chat", "openai/*"]))
        let json = try await GatewayClient.json(await client.send("GET", "/v1/models"))
        #expect(json["object"] == "list")
        #expect(json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["chat", "openai/*"])
    }

    @Test func readinessReportsFailingChecks() async throws {
        let ready = GatewayClient(Gateway(chat: ScriptedProvider.text([]), readinessChecks: [("store", { true })]))
        #expect(await ready.send("GET", "/health/ready").status == 200)
        let notReady = GatewayClient(Gateway(chat: ScriptedProvider.text([]), readinessChecks: [("store", { false })]))
        let response = await notReady.send("GET", "/health/ready")
        #expect(response.status == 503)
        #expect(try await GatewayClient.json(response)["checks"]?["store"] == false)
        #expect(await notReady.send("GET", "/health/live").status == 200)
    }

    @Test func metricsCountRequestsTokensAndLatency() async throws {
        let gateway = Gateway(chat: ScriptedProvider.text(["a", "b"]))
        let client = GatewayClient(gateway)
        _ = await client.send("POST", "/v1/chat/completions", body: GatewayChatTests.openAIBody)
        _ = try await GatewayClient.text(await client.send("POST", "/v1/chat/completions", body: GatewayChatTests.openAIStream))
        _ = await client.send("POST", "/v1/chat/completions", body: "[]")
        let text = try await GatewayClient.text(await client.send("GET", "/metrics"))
        #expect(text.contains(#"tandem_requests_total{route="/v1/chat/completions",model="m",status="200"} 2"#))
        #expect(text.contains(#"tandem_requests_total{route="/v1/chat/completions",model="unknown",status="400"} 1"#))
        #expect(text.contains(#"tandem_tokens_total{model="m",kind="input"} 14"#))
        #expect(text.contains(#"tandem_time_to_first_token_seconds_count{route="/v1/chat/completions"} 1"#))
        #expect(text.contains(#"tandem_request_duration_seconds_bucket{route="/v1/chat/completions",le="+Inf"} 3"#))
        #expect(text.contains("tandem_inflight_streams 0"))
    }
}
