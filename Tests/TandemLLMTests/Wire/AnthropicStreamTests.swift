import TandemCore
import Testing

@testable import TandemLLM

@Suite("Anthropic stream events")
struct AnthropicStreamTests {
    /// A stream as api.anthropic.com sends it: thinking, text, a tool call, pings, and an unknown event.
    static let captured: [(String, String)] = [
        ("message_start", #"{"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2,"cache_read_input_tokens":100},"content":[],"stop_reason":null}}"#),
        ("ping", #"{"type": "ping"}"#),
        ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me see."}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}"#),
        ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
        ("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Okay"}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"citations_delta","citation":{}}}"#),
        ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
        ("content_block_start", #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"location\":"}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":" \"Oslo\"}"}}"#),
        ("content_block_stop", #"{"type":"content_block_stop","index":2}"#),
        ("brand_new_event", #"{"type":"brand_new_event","whatever":[1,2,3]}"#),
        ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}"#),
        ("message_stop", #"{"type":"message_stop"}"#),
    ]

    @Test("a captured stream decodes to the neutral events; message_delta usage replaces, never adds")
    func capturedStream() throws {
        var decoder = AnthropicStreamDecoder()
        var events: [ChatStreamEvent] = []
        for (_, data) in Self.captured { try decoder.decode(Array(data.utf8)) { events.append($0) } }
        #expect(decoder.isDone)
        #expect(events == [
            .messageStart(id: "msg_014p7gG3wDgGV9EUtLvnow3U", model: "claude-sonnet-4-5"),
            .usage(Usage(inputTokens: 572, outputTokens: 2, cacheReadTokens: 100)),
            .reasoningDelta("Let me see."),
            .reasoningSignature("EqQBCgIYAhIM"),
            .textDelta("Okay"),
            .toolCallStart(index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather"),
            .toolCallArgumentsDelta(index: 0, #"{"location":"#),
            .toolCallArgumentsDelta(index: 0, #" "Oslo"}"#),
            .toolCallEnd(index: 0),
            .finish(.toolCalls),
            .usage(Usage(inputTokens: 572, outputTokens: 89, cacheReadTokens: 100)),
        ])
    }

    @Test("an error event throws the upstream's error with its type")
    func errorEvent() throws {
        var decoder = AnthropicStreamDecoder()
        try decoder.decode(Array(Self.captured[0].1.utf8)) { _ in }
        #expect {
            try decoder.decode(Array(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#.utf8)) { _ in }
        } throws: { ($0 as? LLMError)?.code == .overloaded && ($0 as? LLMError)?.upstreamType == "overloaded_error" }
        #expect {
            try decoder.decode(Array(#"{"type":"content_block_delta","index":9,"delta":{"type":"input_json_delta","partial_json":"x"}}"#.utf8)) { _ in }
        } throws: { ($0 as? LLMError)?.code == .badResponse }
    }

    @Test("neutral events encode to Anthropic events that decode back to the same response")
    func encodeRoundTrip() throws {
        let events: [ChatStreamEvent] = [
            .messageStart(id: "chatcmpl-1", model: "gpt-4o"),
            .reasoningDelta("plan"),
            .reasoningSignature("sig"),
            .textDelta("Two "),
            .textDelta("calls."),
            .toolCallStart(index: 0, id: "call_a", name: "a"),
            .toolCallStart(index: 1, id: "call_b", name: "b"),
            .toolCallArgumentsDelta(index: 0, #"{"x":"#),
            .toolCallArgumentsDelta(index: 1, #"{}"#),
            .toolCallArgumentsDelta(index: 0, "1}"),
            .finish(.toolCalls),
            .usage(Usage(inputTokens: 30, outputTokens: 7, cacheReadTokens: 10, cacheWriteTokens: 5)),
        ]
        var encoder = AnthropicStreamEncoder(id: "x", model: "y")
        var encoded: [(String, [UInt8])] = []
        for event in events { encoder.encode(event) { encoded.append(($0, $1)) } }
        encoder.finish { encoded.append(($0, $1)) }
        #expect(encoded.first?.0 == "message_start")
        #expect(encoded.suffix(2).map(\.0) == ["message_delta", "message_stop"])
        var decoder = AnthropicStreamDecoder()
        var decoded = ChatResponseAccumulator()
        var original = ChatResponseAccumulator()
        for (name, data) in encoded {
            #expect(try JSONValue(parsing: String(decoding: data, as: UTF8.self))["type"]?.stringValue == name)
            try decoder.decode(data) { decoded.add($0) }
        }
        for event in events { original.add(event) }
        #expect(decoder.isDone)
        #expect(decoded.response == original.response)
    }
}
