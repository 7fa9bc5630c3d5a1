#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
package import TandemAWS

/// Turns an InvokeModelWithResponseStream body into neutral ``ChatStreamEvent``s: a pure value type, fed one
/// event-stream message at a time.
///
/// Each `chunk` event's payload is `{"bytes":"<base64>"}`, the base64 of one chunk in the model's own streaming format:
/// - Anthropic Claude (Messages API events: `message_start`, `content_block_*`, `message_delta`, `message_stop`),
///   decoded by ``AnthropicStreamDecoder``;
/// - Amazon Titan Text (`outputText`, `completionReason`, `inputTextTokenCount`, `totalOutputTextTokenCount`);
/// - Meta Llama (`generation`, `stop_reason`, `prompt_token_count`, `generation_token_count`).
///
/// The format comes from the model id when it names a family, else from the first chunk's fields. Bedrock adds
/// `amazon-bedrock-invocationMetrics` (`inputTokenCount`, `outputTokenCount`) to the last chunk; it gives the usage
/// when the model's own chunks did not. Exceptions (`:message-type` `exception`, such as `throttlingException` or
/// `modelStreamErrorException`) and errors are thrown as ``LLMError``s.
package struct BedrockInvokeStreamDecoder: BedrockEventDecoder {
    /// A model's native streaming format.
    package enum Format: Sendable, Hashable {
        case anthropic, titan, llama
    }

    /// The model id the request named.
    package let modelID: String
    /// The `x-amzn-RequestId` of the response, standing for a response id where the model gives none.
    package let requestID: String?
    /// The HTTP status of the response, for errors.
    package let status: Int
    /// The format, once known.
    package private(set) var format: Format?

    private var anthropic = AnthropicStreamDecoder(provider: BedrockConverse.providerName)
    private var started = false
    private var sawUsage = false
    private var finished = false
    private var inputTokens = 0
    private var outputTokens = 0

    /// Creates a decoder for one response.
    ///
    /// - Parameters:
    ///   - modelID: The model id, inference-profile id or ARN the request named.
    ///   - requestID: The response's `x-amzn-RequestId`.
    ///   - status: The response's HTTP status.
    package init(modelID: String, requestID: String?, status: Int = 200) {
        self.modelID = modelID
        self.requestID = requestID
        self.status = status
        self.format = Self.format(modelID: modelID)
    }

    /// The format a model id names (`anthropic.claude-...`, `us.anthropic...`, `amazon.titan-text-...`,
    /// `meta.llama3-...`), or `nil` when it names none (an application inference profile's ARN).
    package static func format(modelID: String) -> Format? {
        let id = modelID.lowercased()
        if id.contains("anthropic.") || id.contains("claude") { return .anthropic }
        if id.contains("amazon.titan-text") || id.contains("amazon.titan-tg1") { return .titan }
        if id.contains("meta.llama") { return .llama }
        return nil
    }

    /// The neutral events for one message.
    ///
    /// - Throws: An ``LLMError``: the mapped exception for `exception` and `error` messages, `badResponse` for a
    ///   chunk that is not `{"bytes": base64}` or whose content is not a chunk of a known format.
    package mutating func decode(_ message: EventStreamMessage) throws(LLMError) -> [ChatStreamEvent] {
        if let error = BedrockConverse.streamError(message, requestID: self.requestID) { throw error }
        guard case .event(let type) = message.kind, type == "chunk" else { return [] }
        let chunk = try self.chunkBytes(message.payload)
        var events: [ChatStreamEvent] = []
        var native: NativeChunk?
        if self.format == nil {
            let scanned = try self.scanNative(chunk)
            native = scanned
            if scanned.hasType {
                self.format = .anthropic
            } else if scanned.hasTitanFields {
                self.format = .titan
            } else if scanned.hasLlamaFields {
                self.format = .llama
            } else {
                throw self.shapeError("an InvokeModel stream chunk in a format Tandem does not read")
            }
        }
        switch self.format {
        case .anthropic?:
            do {
                try self.anthropic.decode(chunk) { event in
                    if case .usage = event { self.sawUsage = true }
                    events.append(event)
                }
            } catch {
                throw self.annotated(error)
            }
            // Only the last chunk (`message_stop`) carries Bedrock's metrics; read them when Claude's usage did not
            // arrive.
            if self.anthropic.isDone && !self.sawUsage && native == nil {
                native = try self.scanNative(chunk)
            }
        case .titan?, .llama?:
            let scanned: NativeChunk
            if let native { scanned = native } else { scanned = try self.scanNative(chunk) }
            native = scanned
            self.decodeText(scanned, into: &events)
        case nil:
            break
        }
        if let metrics = native?.metrics, !self.sawUsage {
            self.sawUsage = true
            events.append(.usage(Usage(inputTokens: metrics.input, outputTokens: metrics.output)))
        }
        return events
    }

    /// Titan's and Llama's chunks: text, a stop reason at the end, token counts (the model's own counts win over
    /// Bedrock's metrics).
    private mutating func decodeText(_ native: NativeChunk, into events: inout [ChatStreamEvent]) {
        if !self.started {
            self.started = true
            events.append(.messageStart(id: self.requestID ?? "", model: self.modelID))
        }
        if let text = native.text, !text.isEmpty { events.append(.textDelta(text)) }
        if let input = native.inputTokens { self.inputTokens = input }
        if let output = native.outputTokens { self.outputTokens = output }
        guard let reason = native.stopReason, !self.finished else { return }
        self.finished = true
        events.append(.finish(Self.finishReason(reason)))
        if self.inputTokens + self.outputTokens > 0 {
            self.sawUsage = true
            events.append(.usage(Usage(inputTokens: self.inputTokens, outputTokens: self.outputTokens)))
        }
    }

    /// The neutral finish reason for Titan's `completionReason` and Llama's `stop_reason`.
    package static func finishReason(_ reason: String) -> FinishReason {
        switch reason.uppercased() {
        case "FINISH", "FINISHED", "STOP", "STOP_CRITERIA_MET", "END_TURN", "STOP_SEQUENCE": .stop
        case "LENGTH", "MAX_TOKENS": .length
        case "CONTENT_FILTERED": .contentFilter
        default: .other(reason)
        }
    }

    /// The model's chunk inside a `chunk` event's `{"bytes": "<base64>"}` payload.
    private func chunkBytes(_ payload: [UInt8]) throws(LLMError) -> [UInt8] {
        var encoded: String?
        do throws(JSONScanner.Failure) {
            var scanner = JSONScanner(payload)
            try scanner.readObject(keys: Self.payloadKeys) { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case .bytes?: encoded = try scanner.readString(at: "bytes")
                default: try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
        } catch {
            throw self.shapeError("a chunk event that is not JSON (\(error.description.prefix(80)))")
        }
        guard let encoded else { throw self.shapeError("a chunk event without bytes") }
        guard let data = Data(base64Encoded: encoded) else { throw self.shapeError("a chunk event whose bytes are not base64") }
        return Array(data)
    }

    /// What the generic scan of a native chunk found.
    struct NativeChunk {
        var hasType = false
        var text: String?
        var stopReason: String?
        var inputTokens: Int?
        var outputTokens: Int?
        var metrics: (input: Int, output: Int)?
        var hasTitanFields = false
        var hasLlamaFields = false
    }

    private enum NativeKey: String, CaseIterable, Sendable {
        case type, generation
        case outputText, completionReason, inputTextTokenCount, totalOutputTextTokenCount
        case stopReason = "stop_reason"
        case promptTokenCount = "prompt_token_count"
        case generationTokenCount = "generation_token_count"
        case metrics = "amazon-bedrock-invocationMetrics"
    }
    private enum MetricsKey: String, CaseIterable, Sendable { case inputTokenCount, outputTokenCount }
    private enum PayloadKey: String, CaseIterable, Sendable { case bytes }
    private static let nativeKeys = JSONKeyTable<NativeKey>()
    private static let metricsKeys = JSONKeyTable<MetricsKey>()
    private static let payloadKeys = JSONKeyTable<PayloadKey>()

    /// One pass over a native chunk's top-level fields (Anthropic's own are skipped: its decoder reads them).
    private func scanNative(_ chunk: [UInt8]) throws(LLMError) -> NativeChunk {
        var native = NativeChunk()
        do throws(JSONScanner.Failure) {
            var scanner = JSONScanner(chunk)
            try scanner.readObject(keys: Self.nativeKeys) { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case .type?:
                    native.hasType = true
                    try scanner.skipValue()
                case .outputText?:
                    native.hasTitanFields = true
                    native.text = try scanner.readOptionalString(at: "outputText")
                case .generation?:
                    native.hasLlamaFields = true
                    native.text = try scanner.readOptionalString(at: "generation")
                case .completionReason?:
                    native.stopReason = try scanner.readOptionalString(at: "completionReason")
                case .stopReason?:
                    native.stopReason = try scanner.readOptionalString(at: "stop_reason")
                case .inputTextTokenCount?:
                    native.inputTokens = try scanner.readOptionalInt(at: "inputTextTokenCount")
                case .promptTokenCount?:
                    native.inputTokens = try scanner.readOptionalInt(at: "prompt_token_count")
                case .totalOutputTextTokenCount?:
                    native.outputTokens = try scanner.readOptionalInt(at: "totalOutputTextTokenCount")
                case .generationTokenCount?:
                    native.outputTokens = try scanner.readOptionalInt(at: "generation_token_count")
                case .metrics?:
                    var input = 0
                    var output = 0
                    try scanner.readObject(at: "amazon-bedrock-invocationMetrics", keys: Self.metricsKeys) {
                        scanner, key throws(JSONScanner.Failure) in
                        switch key {
                        case .inputTokenCount?: input = try scanner.readOptionalInt(at: "inputTokenCount") ?? 0
                        case .outputTokenCount?: output = try scanner.readOptionalInt(at: "outputTokenCount") ?? 0
                        case nil: try scanner.skipValue()
                        }
                    }
                    native.metrics = (input, output)
                case nil:
                    try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
        } catch {
            throw self.shapeError("a model chunk that is not a JSON object (\(error.description.prefix(80)))")
        }
        return native
    }

    private func annotated(_ error: LLMError) -> LLMError {
        var error = error
        if error.upstreamRequestID == nil { error.upstreamRequestID = self.requestID }
        if error.status == nil { error.status = self.status }
        return error
    }

    private func shapeError(_ reason: String) -> LLMError {
        BedrockConverse.shapeError(reason, status: self.status, requestID: self.requestID)
    }
}
