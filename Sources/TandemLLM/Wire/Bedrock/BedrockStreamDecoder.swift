package import TandemAWS
import TandemCore

/// Turns ConverseStream event-stream messages into neutral ``ChatStreamEvent``s: a pure value type, fed one message
/// at a time.
///
/// Content blocks are keyed by `contentBlockIndex`; tool calls are renumbered from 0 in the order their blocks start
/// (a tool block's deltas may interleave with other blocks'). The `p` padding field of every event is ignored, and
/// so are unknown event types. Exceptions (`:message-type` `exception`) and errors (`error`) are thrown as
/// ``LLMError``s; the caller decides whether they end the stream in-band (after content) or fail it.
package struct BedrockStreamDecoder: Sendable {
    /// The model id the request named (Bedrock's events do not name it).
    package let modelID: String
    /// The `x-amzn-RequestId` of the response, standing for a response id.
    package let requestID: String?
    /// The HTTP status of the response, for errors.
    package let status: Int

    private var toolIndexByBlock: [Int: Int] = [:]
    private var toolCount = 0

    /// Creates a decoder for one response.
    package init(modelID: String, requestID: String?, status: Int = 200) {
        self.modelID = modelID
        self.requestID = requestID
        self.status = status
    }

    /// The neutral events for one message (none, one, or two for a start that carries content).
    ///
    /// - Throws: An ``LLMError``: the mapped exception for `exception` and `error` messages, `badResponse` for a
    ///   payload that is not JSON or a tool delta for a block that never started.
    package mutating func decode(_ message: EventStreamMessage) throws(LLMError) -> [ChatStreamEvent] {
        switch message.kind {
        case .event(let type):
            return try self.decodeEvent(type: type, payload: message.payload)
        case .exception, .error:
            throw BedrockConverse.streamError(message, requestID: self.requestID)
                ?? self.shapeError("an exception without a type")
        case .unknown:
            return []
        }
    }

    private mutating func decodeEvent(type: String, payload: [UInt8]) throws(LLMError) -> [ChatStreamEvent] {
        switch type {
        case "messageStart":
            return [.messageStart(id: self.requestID ?? "", model: self.modelID)]
        case "contentBlockStart":
            let value = try self.parse(payload)
            guard let use = value["start"]?["toolUse"] else { return [] }
            let block = try self.blockIndex(value)
            let index = self.toolCount
            self.toolCount += 1
            self.toolIndexByBlock[block] = index
            return [
                .toolCallStart(
                    index: index,
                    id: use["toolUseId"]?.stringValue ?? "",
                    name: use["name"]?.stringValue ?? ""
                )
            ]
        case "contentBlockDelta":
            return try self.decodeDelta(payload)
        case "contentBlockStop":
            let value = try self.parse(payload)
            let block = try self.blockIndex(value)
            guard let index = self.toolIndexByBlock[block] else { return [] }
            return [.toolCallEnd(index: index)]
        case "messageStop":
            let value = try self.parse(payload)
            guard let reason = value["stopReason"]?.stringValue else {
                throw self.shapeError("a messageStop without a stopReason")
            }
            return [.finish(BedrockConverse.finishReason(reason))]
        case "metadata":
            let value = try self.parse(payload)
            guard let usage = value["usage"] else { return [] }
            return [.usage(BedrockConverse.usage(usage))]
        default:
            return []
        }
    }

    private enum DeltaEventKey: String, CaseIterable, Sendable { case contentBlockIndex, delta }
    private enum DeltaKey: String, CaseIterable, Sendable { case text, toolUse, reasoningContent }
    private enum PartKey: String, CaseIterable, Sendable { case input, text, signature }
    private static let deltaEventKeys = JSONKeyTable<DeltaEventKey>()
    private static let deltaKeys = JSONKeyTable<DeltaKey>()
    private static let partKeys = JSONKeyTable<PartKey>()

    /// A `contentBlockDelta` (most of a stream), read with the pull scanner: no JSON tree per token.
    private mutating func decodeDelta(_ payload: [UInt8]) throws(LLMError) -> [ChatStreamEvent] {
        var block: JSONValue?
        var hasDelta = false
        var text: String?
        var input: String?
        var hasReasoning = false
        var reasoning: String?
        var signature: String?
        do throws(JSONScanner.Failure) {
            var scanner = JSONScanner(payload)
            // A string where one is expected; anything else is skipped (read as absent, as the tree lookups did).
            func string(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> String? {
                guard try scanner.peekKind() == .string else {
                    try scanner.skipValue()
                    return nil
                }
                return try scanner.readString()
            }
            func part(_ scanner: inout JSONScanner, _ read: (PartKey, inout JSONScanner) throws(JSONScanner.Failure) -> Void)
                throws(JSONScanner.Failure)
            {
                guard try scanner.peekKind() == .object else { return try scanner.skipValue() }
                try scanner.readObject(keys: Self.partKeys) { scanner, key throws(JSONScanner.Failure) in
                    if let key { try read(key, &scanner) } else { try scanner.skipValue() }
                }
            }
            try scanner.readObject(keys: Self.deltaEventKeys) { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case .contentBlockIndex?:
                    block = try scanner.peekKind() == .number ? try scanner.readNumber() : nil
                    if block == nil { try scanner.skipValue() }
                case .delta?:
                    hasDelta = true
                    guard try scanner.peekKind() == .object else { return try scanner.skipValue() }
                    try scanner.readObject(keys: Self.deltaKeys) { scanner, key throws(JSONScanner.Failure) in
                        switch key {
                        case .text?: text = try string(&scanner)
                        case .toolUse?:
                            try part(&scanner) { key, scanner throws(JSONScanner.Failure) in
                                if key == .input { input = try string(&scanner) } else { try scanner.skipValue() }
                            }
                        case .reasoningContent?:
                            hasReasoning = true
                            try part(&scanner) { key, scanner throws(JSONScanner.Failure) in
                                switch key {
                                case .text: reasoning = try string(&scanner)
                                case .signature: signature = try string(&scanner)
                                case .input: try scanner.skipValue()
                                }
                            }
                        case nil: try scanner.skipValue()
                        }
                    }
                case nil:
                    try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
        } catch {
            throw LLMError(
                .badResponse,
                "an event payload that is not a JSON object (\(error.description.prefix(80)))",
                provider: BedrockConverse.providerName,
                status: self.status,
                upstreamRequestID: self.requestID
            )
        }
        guard hasDelta else { throw self.shapeError("a contentBlockDelta without a delta") }
        if let text { return text.isEmpty ? [] : [.textDelta(text)] }
        if let input {
            let index = try self.blockIndex(.object(["contentBlockIndex": block ?? .null]))
            guard let tool = self.toolIndexByBlock[index] else {
                throw self.shapeError("a toolUse delta for block \(index), which did not start as a tool call")
            }
            return input.isEmpty ? [] : [.toolCallArgumentsDelta(index: tool, input)]
        }
        if hasReasoning {
            var events: [ChatStreamEvent] = []
            if let reasoning, !reasoning.isEmpty { events.append(.reasoningDelta(reasoning)) }
            if let signature { events.append(.reasoningSignature(signature)) }
            return events
        }
        return []
    }

    private func parse(_ payload: [UInt8]) throws(LLMError) -> JSONValue {
        let value = try BedrockConverse.parse(payload, status: self.status, requestID: self.requestID)
        guard case .object = value else { throw self.shapeError("an event payload that is not a JSON object") }
        return value
    }

    private func blockIndex(_ value: JSONValue) throws(LLMError) -> Int {
        guard let index = value["contentBlockIndex"]?.integerValue, index >= 0, index <= Int64(Int32.max) else {
            throw self.shapeError("an event without a valid contentBlockIndex")
        }
        return Int(index)
    }

    private func shapeError(_ reason: String) -> LLMError {
        BedrockConverse.shapeError(reason, status: self.status, requestID: self.requestID)
    }
}
