// libFuzzer harness: the target named by TANDEM_FUZZ_TARGET gets every input. Built with -parse-as-library,
// -sanitize=fuzzer and -enable-testing (the decoders are `package` API). SwiftPM links an executable's entry point
// as `TandemFuzz_main`, so that function hands over to libFuzzer's driver.
import CFuzzerDriver
import Foundation
import TandemAWS
import TandemCore

@testable import TandemLLM

/// The harnesses, by name.
enum FuzzTarget: String, CaseIterable {
    case eventstream
    case bedrockStream = "bedrock-stream"
    case bedrockResponse = "bedrock-response"
    case bedrockInvokeStream = "bedrock-invoke-stream"
    case sse
    case openaiResponse = "openai-response"
    case anthropicResponse = "anthropic-response"

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["TANDEM_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            fatalError("set TANDEM_FUZZ_TARGET to one of: \(names)")
        }
        return target
    }()
}

/// Splits `bytes` into chunks whose sizes come from the first byte (so the fuzzer explores frame boundaries too).
func chunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    guard let first = bytes.first else { return [] }
    let size = Int(first % 64) + 1
    let body = bytes.dropFirst()
    return stride(from: body.startIndex, to: body.endIndex, by: size).map {
        body[$0..<min(body.endIndex, $0 + size)]
    }
}

/// The event-stream decoder: never crashes, keeps at most one frame buffered, and stays failed after an error.
func fuzzEventStream(_ bytes: [UInt8]) {
    let limit = 4096
    var decoder = EventStreamDecoder(maxMessageSize: limit)
    var failed = false
    for chunk in chunks(bytes) {
        decoder.append(chunk)
        while !failed {
            do {
                guard let message = try decoder.next() else { break }
                // A decoded message re-encodes to a frame that decodes to the same message.
                if let frame = try? EventStreamEncoder().encode(message) {
                    var again = EventStreamDecoder()
                    again.append(frame)
                    precondition((try? again.next()) == message, "re-encoded frame decodes differently")
                }
            } catch {
                failed = true
            }
        }
        if failed {
            precondition(decoder.bufferedByteCount == 0, "a failed decoder holds bytes")
            precondition((try? decoder.next()) == nil, "a failed decoder recovered")
        } else {
            precondition(decoder.bufferedByteCount < limit, "the decoder buffers more than one frame")
        }
    }
    if !failed { _ = try? decoder.finish() }
}

/// ConverseStream: frames -> Bedrock events -> accumulated response; any error is a typed LLMError.
func fuzzBedrockStream(_ bytes: [UInt8]) {
    var frames = EventStreamDecoder(maxMessageSize: 1 << 16)
    var decoder = BedrockStreamDecoder(modelID: "m", requestID: "r")
    var accumulator = ChatResponseAccumulator()
    // Half the inputs are raw frames; the other half wrap each 0-separated piece in a valid frame so the JSON
    // decoding of event payloads is reached.
    var messages: [EventStreamMessage] = []
    if bytes.first.map({ $0 & 1 == 0 }) ?? true {
        for chunk in chunks(bytes) {
            frames.append(chunk)
            while let message = try? frames.next() { messages.append(message) }
        }
    } else {
        let types = ["messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop",
            "metadata", "throttlingException"]
        for (index, piece) in bytes.dropFirst().split(separator: 0, omittingEmptySubsequences: false).enumerated() {
            let type = types[index % types.count]
            let kind = type.hasSuffix("Exception") ? "exception" : "event"
            messages.append(
                EventStreamMessage(
                    headers: [
                        EventStreamHeader(name: ":message-type", value: .string(kind)),
                        EventStreamHeader(name: kind == "event" ? ":event-type" : ":exception-type", value: .string(type)),
                    ],
                    payload: Array(piece)
                )
            )
        }
    }
    for message in messages {
        do {
            for event in try decoder.decode(message) { accumulator.add(event) }
        } catch {
            precondition(error.provider == "bedrock", "an error without its provider")
            break
        }
    }
    _ = accumulator.response
}

/// InvokeModelWithResponseStream: each 0-separated piece is a model chunk, sent base64-wrapped in a `chunk` event
/// (odd first byte: the piece is the event payload itself); the first byte also picks the model family. Any error is
/// a typed LLMError naming Bedrock.
func fuzzBedrockInvokeStream(_ bytes: [UInt8]) {
    guard let first = bytes.first else { return }
    let models = ["anthropic.claude-3-haiku-20240307-v1:0", "amazon.titan-text-express-v1", "meta.llama3-8b-instruct-v1:0",
        "arn:aws:bedrock:us-east-1:1:application-inference-profile/x"]
    var decoder = BedrockInvokeStreamDecoder(modelID: models[Int(first >> 1) % models.count], requestID: "r")
    var accumulator = ChatResponseAccumulator()
    for piece in bytes.dropFirst().split(separator: 0, omittingEmptySubsequences: false) {
        let payload: [UInt8] =
            first & 1 == 1 ? Array(piece) : Array(#"{"bytes":"\#(Data(piece).base64EncodedString())"}"#.utf8)
        let message = EventStreamMessage(
            headers: [
                EventStreamHeader(name: ":message-type", value: .string("event")),
                EventStreamHeader(name: ":event-type", value: .string("chunk")),
            ],
            payload: payload
        )
        do {
            for event in try decoder.decode(message) { accumulator.add(event) }
        } catch {
            precondition(error.provider == "bedrock", "an error without its provider")
            break
        }
    }
    _ = accumulator.response
}

/// Converse, Titan and Cohere response bodies, and error bodies.
func fuzzBedrockResponse(_ bytes: [UInt8]) {
    _ = try? BedrockConverse.chatResponse(from: bytes, modelID: "m", requestID: "r")
    _ = try? BedrockEmbeddings.titanVector(from: bytes, requestID: "r")
    _ = try? BedrockEmbeddings.cohereVectors(from: bytes, expected: 2, requestID: "r")
    _ = BedrockConverse.error(status: 400, errorTypeHeader: nil, requestID: "r", body: bytes)
    if let value = try? JSONValue(parsing: Data(bytes)) {
        _ = try? BedrockConverse.chatRequest(from: value, modelID: "m")
    }
}

/// The SSE parser, fed in chunks: events never exceed the limit.
func fuzzSSE(_ bytes: [UInt8]) {
    let limit = 4096
    var parser = SSEParser(maximumEventSize: limit)
    var openAI = OpenAIStreamDecoder()
    var anthropic = AnthropicStreamDecoder()
    for chunk in chunks(bytes) {
        do {
            try parser.parse(Array(chunk)) { event in
                precondition(event.data.count <= limit, "an event larger than the limit")
                try? openAI.decode(event.data) { _ in }
                try? anthropic.decode(event.data) { _ in }
            }
        } catch {
            return
        }
    }
}

func fuzzOpenAIResponse(_ bytes: [UInt8]) {
    _ = try? OpenAIChatWire.decodeResponse(bytes)
    _ = try? OpenAIChatWire.decodeRequest(bytes)
    _ = OpenAIErrorWire.decode(bytes, status: 500)
}

func fuzzAnthropicResponse(_ bytes: [UInt8]) {
    _ = try? AnthropicMessagesWire.decodeResponse(bytes)
    _ = try? AnthropicMessagesWire.decodeResponse(bytes, responseFormatTool: "json")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    switch FuzzTarget.selected {
    case .eventstream: fuzzEventStream(bytes)
    case .bedrockStream: fuzzBedrockStream(bytes)
    case .bedrockResponse: fuzzBedrockResponse(bytes)
    case .bedrockInvokeStream: fuzzBedrockInvokeStream(bytes)
    case .sse: fuzzSSE(bytes)
    case .openaiResponse: fuzzOpenAIResponse(bytes)
    case .anthropicResponse: fuzzAnthropicResponse(bytes)
    }
    return 0
}

@_cdecl("TandemFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        fuzzOne(data.map { UnsafeRawPointer($0) }, size)
    }
}
