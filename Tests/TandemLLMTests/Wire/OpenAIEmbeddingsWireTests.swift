import Testing

@testable import TandemLLM

@Suite("OpenAI embeddings wire format")
struct OpenAIEmbeddingsWireTests {
    @Test("base64 is packed little-endian float32")
    func base64Layout() throws {
        // 1.0 = 0x3F800000, -2.0 = 0xC0000000, little-endian: 00 00 80 3F 00 00 00 C0.
        #expect(OpenAIEmbeddingsWire.base64([1.0, -2.0]) == "AACAPwAAAMA=")
        #expect(OpenAIEmbeddingsWire.floats(base64: "AACAPwAAAMA=") == [1.0, -2.0])
        #expect(OpenAIEmbeddingsWire.floats(base64: "AACAPwAA") == nil)
        #expect(OpenAIEmbeddingsWire.floats(base64: "%%%") == nil)
    }

    @Test("responses survive encode then decode in both encodings", arguments: [
        OpenAIEmbeddingsWire.EncodingFormat.float, .base64,
    ])
    func responseRoundTrip(format: OpenAIEmbeddingsWire.EncodingFormat) throws {
        let response = EmbeddingResponse(
            model: "text-embedding-3-small",
            embeddings: [[0.1, -0.25, 3.5e-8], [1, 0, -1]],
            usage: Usage(inputTokens: 7)
        )
        let decoded = try OpenAIEmbeddingsWire.decodeResponse(OpenAIEmbeddingsWire.encodeResponse(response, encodingFormat: format))
        #expect(decoded == response)
    }

    @Test("vectors are ordered by index, as the API does not promise order")
    func ordering() throws {
        let body = #"{"object":"list","data":[{"object":"embedding","index":1,"embedding":[2.0]},{"object":"embedding","index":0,"embedding":"AACAPw=="}],"model":"m","usage":{"prompt_tokens":2,"total_tokens":2}}"#
        let response = try OpenAIEmbeddingsWire.decodeResponse(Array(body.utf8))
        #expect(response.embeddings == [[1.0], [2.0]])
        #expect(response.usage.inputTokens == 2)
    }

    @Test("requests: a single string or a list; token arrays are refused naming the element")
    func requests() throws {
        let request = EmbeddingRequest(model: "m", inputs: ["a", "b"], dimensions: 256, user: "u")
        let decoded = try OpenAIEmbeddingsWire.decodeRequest(OpenAIEmbeddingsWire.encodeRequest(request, encodingFormat: .base64))
        #expect(decoded.request == request)
        #expect(decoded.encodingFormat == .base64)
        let single = try OpenAIEmbeddingsWire.decodeRequest(Array(#"{"model":"m","input":"hello"}"#.utf8))
        #expect(single.request.inputs == ["hello"] && single.singleInput && single.encodingFormat == .float)
        #expect {
            _ = try OpenAIEmbeddingsWire.decodeRequest(Array(#"{"model":"m","input":["a",[1,2]]}"#.utf8))
        } throws: { ($0 as? LLMError)?.message.contains("input[1]") == true }
    }
}
