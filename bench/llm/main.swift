// Client overhead of the LLM wire codecs, as a timed loop (build with -c release; see run.sh).
//
// Per non-streaming round trip: encode the request body and decode a typical response (OpenAI and Anthropic).
// Per SSE chunk: the SSE parser alone, and parser plus chunk decoding into neutral events, over a captured-shaped
// stream fed in network-sized reads. Prints the best of 5 runs per scenario.

import Foundation
import TandemAWS
import TandemCore
import TandemLLM

let request = ChatRequest(
    model: "gpt-4o-mini",
    messages: [
        .system("You are a concise assistant. Answer in at most three sentences."),
        .user("What is the weather in Oslo, and should I take an umbrella to the office tomorrow morning?"),
    ],
    tools: [
        ToolDefinition(
            name: "get_weather",
            description: "Current weather and the forecast for a city",
            parameters: [
                "type": "object",
                "properties": ["city": ["type": "string"], "days": ["type": "integer", "minimum": 1]],
                "required": ["city"],
            ]
        )
    ],
    temperature: 0.2,
    maxTokens: 512
)

let openAIResponse = Array(
    #"""
    {"id":"chatcmpl-BYHjY1Zt1uUmZC3Jk5xTq4QGrQ7xX","object":"chat.completion","created":1747310000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Oslo will see light rain tomorrow morning with temperatures around 6 C, clearing by the afternoon. Yes, take an umbrella for the walk to the office.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":96,"completion_tokens":34,"total_tokens":130,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_0392822090"}
    """#.utf8
)

let anthropicResponse = Array(
    #"""
    {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001","content":[{"type":"text","text":"Oslo will see light rain tomorrow morning with temperatures around 6 C, clearing by the afternoon. Yes, take an umbrella for the walk to the office."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":96,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":34,"service_tier":"standard"}}
    """#.utf8
)

let words = "Oslo will see light rain tomorrow morning with temperatures around six degrees, clearing by the afternoon."
    .split(separator: " ").map { " " + $0 }

/// An OpenAI stream as api.openai.com frames it: one chunk per token.
let openAIStream: [UInt8] = {
    var text = ""
    let prefix = #"data: {"id":"chatcmpl-BYHjY1Zt1uUmZC3Jk5xTq4QGrQ7xX","object":"chat.completion.chunk","created":1747310000,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_0392822090","choices":[{"index":0,"delta":{"content":""#
    for word in words {
        text += prefix + word + #""},"logprobs":null,"finish_reason":null}],"usage":null}"# + "\n\n"
    }
    return Array(text.utf8)
}()

/// An Anthropic stream: one `content_block_delta` event per token.
let anthropicStream: [UInt8] = {
    var text = ""
    for word in words {
        text += "event: content_block_delta\n"
        text += #"data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""# + word + #""}}"#
        text += "\n\n"
    }
    return Array(text.utf8)
}()

/// A ConverseStream body: one `contentBlockDelta` frame per token, as Bedrock frames it (with the `p` padding).
let bedrockConverseStream: [UInt8] = {
    var bytes: [UInt8] = []
    for word in words {
        let message = BedrockStreamEncoder.event(
            "contentBlockDelta",
            ["contentBlockIndex": 0, "delta": ["text": .string(word)]]
        )
        bytes += try! EventStreamEncoder().encode(message)
    }
    return bytes
}()

/// An InvokeModelWithResponseStream body for Claude: one `chunk` frame per token, its bytes the base64 of Anthropic's
/// `content_block_delta` event.
let bedrockInvokeStream: [UInt8] = {
    var bytes: [UInt8] = []
    for word in words {
        let native = #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""# + word + #""}}"#
        let payload = #"{"bytes":""# + Data(native.utf8).base64EncodedString() + #"","p":"abcdefghijklmnopqrstuvwxyzABCD"}"#
        let message = EventStreamMessage(
            headers: [
                EventStreamHeader(name: ":event-type", value: .string("chunk")),
                EventStreamHeader(name: ":content-type", value: .string("application/json")),
                EventStreamHeader(name: ":message-type", value: .string("event")),
            ],
            payload: Array(payload.utf8)
        )
        bytes += try! EventStreamEncoder().encode(message)
    }
    return bytes
}()

@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

func measure(_ name: String, iterations: Int, unitsPerIteration: Int = 1, unit: String, _ body: () throws -> Void) rethrows {
    // An optional second argument runs only the scenarios whose name contains it (for callgrind runs).
    if let only = CommandLine.arguments.dropFirst(2).first, !name.contains(only) { return }
    for _ in 0..<max(1, iterations / 10) { try body() }
    let clock = ContinuousClock()
    var best = Duration.seconds(1_000)
    for _ in 0..<5 {
        let elapsed = try clock.measure {
            for _ in 0..<iterations { try body() }
        }
        best = min(best, elapsed)
    }
    let nanoseconds = Double(best.components.seconds) * 1e9 + Double(best.components.attoseconds) / 1e9
    let perUnit = nanoseconds / Double(iterations * unitsPerIteration)
    let padded = name + String(repeating: " ", count: max(0, 52 - name.count))
    let figure = perUnit >= 1000 ? "\((perUnit / 10).rounded() / 100) us" : "\((perUnit * 10).rounded() / 10) ns"
    print("\(padded) \(iterations) iterations, best of 5: \(figure) per \(unit)")
}

/// Feeds `stream` in reads of `read` bytes (as a socket delivers it).
func reads(_ stream: [UInt8], size: Int) -> [[UInt8]] {
    stride(from: 0, to: stream.count, by: size).map { Array(stream[$0..<min(stream.count, $0 + size)]) }
}

let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 50_000
let openAIReads = reads(openAIStream, size: 1400)
let anthropicReads = reads(anthropicStream, size: 1400)

print("request body: \(OpenAIChatWire.encodeRequest(request).count) bytes (OpenAI), response: \(openAIResponse.count) bytes")
print("streams: \(words.count) chunks, \(openAIStream.count) bytes (OpenAI), \(anthropicStream.count) bytes (Anthropic)")

try measure("OpenAI: encode request + decode response", iterations: iterations, unit: "round trip") {
    blackHole(OpenAIChatWire.encodeRequest(request))
    blackHole(try OpenAIChatWire.decodeResponse(openAIResponse))
}
try measure("Anthropic: encode request + decode response", iterations: iterations, unit: "round trip") {
    blackHole(AnthropicMessagesWire.encodeRequest(request))
    blackHole(try AnthropicMessagesWire.decodeResponse(anthropicResponse))
}
try measure("SSE parse only (OpenAI stream)", iterations: iterations / 10, unitsPerIteration: words.count, unit: "chunk") {
    var parser = SSEParser()
    var count = 0
    for read in openAIReads { try parser.parse(read) { _ in count += 1 } }
    blackHole(count)
}
try measure("SSE parse + OpenAI chunk -> events", iterations: iterations / 10, unitsPerIteration: words.count, unit: "chunk") {
    var parser = SSEParser()
    var decoder = OpenAIStreamDecoder()
    var count = 0
    for read in openAIReads {
        try parser.parse(read) { event in try decoder.decode(event.data) { _ in count += 1 } }
    }
    blackHole(count)
}
try measure("SSE parse + Anthropic event -> events", iterations: iterations / 10, unitsPerIteration: words.count, unit: "chunk") {
    var parser = SSEParser()
    var decoder = AnthropicStreamDecoder()
    var count = 0
    for read in anthropicReads {
        try parser.parse(read) { event in try decoder.decode(event.data) { _ in count += 1 } }
    }
    blackHole(count)
}
let bedrockConverseReads = reads(bedrockConverseStream, size: 1400)
let bedrockInvokeReads = reads(bedrockInvokeStream, size: 1400)
try measure("Bedrock: frame + ConverseStream event -> events", iterations: iterations / 10, unitsPerIteration: words.count, unit: "chunk") {
    var frames = EventStreamDecoder()
    var decoder = BedrockStreamDecoder(modelID: "anthropic.claude-3-haiku-20240307-v1:0", requestID: "r")
    var count = 0
    for read in bedrockConverseReads {
        frames.append(read[...])
        while let message = try frames.next() { count += try decoder.decode(message).count }
    }
    blackHole(count)
}
try measure("Bedrock: frame + InvokeModel Claude chunk -> events", iterations: iterations / 10, unitsPerIteration: words.count, unit: "chunk") {
    var frames = EventStreamDecoder()
    var decoder = BedrockInvokeStreamDecoder(modelID: "anthropic.claude-3-haiku-20240307-v1:0", requestID: "r")
    var count = 0
    for read in bedrockInvokeReads {
        frames.append(read[...])
        while let message = try frames.next() { count += try decoder.decode(message).count }
    }
    blackHole(count)
}
