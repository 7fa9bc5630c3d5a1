/// Turns the `data` payloads of an OpenAI Chat Completions stream into ``ChatStreamEvent``s.
///
/// Tool-call deltas are keyed by their `index` (the first delta of an index starts the call; its `arguments`
/// fragments follow); open calls end when a `finish_reason` arrives; the usage chunk (empty `choices`) becomes a
/// ``ChatStreamEvent/usage(_:)`` event; `[DONE]` sets ``isDone``. Only the first choice is read.
///
/// ```swift
/// var decoder = OpenAIStreamDecoder()
/// try decoder.decode(event.data) { continuation.yield($0) }
/// ```
package struct OpenAIStreamDecoder: Sendable {
    /// Whether `[DONE]` has arrived.
    package private(set) var isDone = false
    /// Whether a `finish_reason` has arrived.
    package private(set) var isFinished = false
    private var started = false
    private var openCalls: [Int] = []
    private let provider: String

    /// A decoder for one stream; `provider` names errors.
    package init(provider: String = OpenAIChatWire.provider) {
        self.provider = provider
    }

    /// Decodes one `data` payload, calling `emit` for each event in order.
    ///
    /// - Throws: An ``LLMError``: the upstream's for an `{"error":...}` payload (code from its `type`/`code`),
    ///   ``LLMError/Code/badResponse`` for a payload that is not a chunk.
    package mutating func decode(_ data: [UInt8], _ emit: (ChatStreamEvent) -> Void) throws(LLMError) {
        if data.count == 6 && data.elementsEqual("[DONE]".utf8) {
            self.isDone = true
            return
        }
        var upstreamError: LLMError?
        do throws(JSONScanner.Failure) {
            var scanner = JSONScanner(data)
            var id = ""
            var model = ""
            try scanner.readObject(keys: Self.chunkKeys) { scanner, key throws(JSONScanner.Failure) in
                switch key {
                // The id and model matter only for the first chunk.
                case .id? where !self.started: id = try scanner.readOptionalString(at: "id") ?? ""
                case .model? where !self.started: model = try scanner.readOptionalString(at: "model") ?? ""
                case .choices?:
                    self.start(id: id, model: model, emit)
                    try scanner.readArray(at: "choices") { scanner, position throws(JSONScanner.Failure) in
                        try self.scanChoice(&scanner, position: position, emit)
                    }
                case .usage?:
                    if scanner.skipNull() { return }
                    self.start(id: id, model: model, emit)
                    emit(.usage(try OpenAIChatWire.scanUsage(&scanner, path: "usage")))
                case .error?:
                    upstreamError = try OpenAIErrorWire.scanError(&scanner, provider: self.provider, status: nil)
                default: try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
        } catch {
            throw error.llmError(.badResponse, provider: self.provider)
        }
        if let upstreamError { throw upstreamError }
    }

    private enum ChunkKey: String, CaseIterable, Sendable { case id, model, choices, usage, error }
    private enum ChoiceKey: String, CaseIterable, Sendable {
        case index, delta
        case finishReason = "finish_reason"
    }
    private enum DeltaKey: String, CaseIterable, Sendable {
        case content, refusal, reasoning
        case reasoningContent = "reasoning_content"
        case toolCalls = "tool_calls"
    }
    private static let chunkKeys = JSONKeyTable<ChunkKey>()
    private static let choiceKeys = JSONKeyTable<ChoiceKey>()
    private static let deltaKeys = JSONKeyTable<DeltaKey>()

    private mutating func start(id: String, model: String, _ emit: (ChatStreamEvent) -> Void) {
        guard !self.started else { return }
        self.started = true
        emit(.messageStart(id: id, model: model))
    }

    private mutating func scanChoice(
        _ scanner: inout JSONScanner,
        position: Int,
        _ emit: (ChatStreamEvent) -> Void
    ) throws(JSONScanner.Failure) {
        // Paths are built only when an error names them.
        var path: String { "choices[\(position)]" }
        var index = 0
        var finish: FinishReason?
        try scanner.readObject(at: path, keys: Self.choiceKeys) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case .index?: index = try scanner.readOptionalInt(at: path + ".index") ?? 0
            case .delta?:
                guard index == 0 else { return try scanner.skipValue() }
                if scanner.skipNull() { return }
                try scanner.readObject(at: path + ".delta", keys: Self.deltaKeys) { scanner, key throws(JSONScanner.Failure) in
                    switch key {
                    case .content?, .refusal?:
                        let name = key?.rawValue ?? ""
                        if let text = try scanner.readOptionalString(at: path + ".delta." + name), !text.isEmpty {
                            emit(.textDelta(text))
                        }
                    case .reasoningContent?, .reasoning?:
                        let name = key?.rawValue ?? ""
                        if let text = try scanner.readOptionalString(at: path + ".delta." + name), !text.isEmpty {
                            emit(.reasoningDelta(text))
                        }
                    case .toolCalls?:
                        if scanner.skipNull() { return }
                        try scanner.readArray(at: path + ".delta.tool_calls") { scanner, call throws(JSONScanner.Failure) in
                            try self.scanToolCallDelta(&scanner, position: call, choice: position, emit)
                        }
                    default: try scanner.skipValue()
                    }
                }
            case .finishReason?:
                if let text = try scanner.readOptionalString(at: path + ".finish_reason") {
                    finish = OpenAIChatWire.finishReason(text)
                }
            default: try scanner.skipValue()
            }
        }
        if let finish, index == 0 {
            for call in self.openCalls { emit(.toolCallEnd(index: call)) }
            self.openCalls.removeAll()
            self.isFinished = true
            emit(.finish(finish))
        }
    }

    private mutating func scanToolCallDelta(
        _ scanner: inout JSONScanner,
        position: Int,
        choice: Int,
        _ emit: (ChatStreamEvent) -> Void
    ) throws(JSONScanner.Failure) {
        var path: String { "choices[\(choice)].delta.tool_calls[\(position)]" }
        var index = position
        var id: String?
        var name: String?
        var arguments: String?
        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "index": index = try scanner.readOptionalInt(at: path + ".index") ?? position
            case "id": id = try scanner.readOptionalString(at: path + ".id")
            case "function":
                try scanner.readObject(at: path + ".function") { scanner, key throws(JSONScanner.Failure) in
                    switch key {
                    case "name": name = try scanner.readOptionalString(at: path + ".function.name")
                    case "arguments":
                        switch try scanner.peekKind(at: path + ".function.arguments") {
                        case .string: arguments = try scanner.readString(at: path + ".function.arguments")
                        case .null: _ = scanner.skipNull()
                        default: arguments = try scanner.readRawValue(at: path + ".function.arguments")
                        }
                    default: try scanner.skipValue()
                    }
                }
            default: try scanner.skipValue()
            }
        }
        if !self.openCalls.contains(index) {
            self.openCalls.append(index)
            emit(.toolCallStart(index: index, id: id ?? "", name: name ?? ""))
        }
        if let arguments, !arguments.isEmpty { emit(.toolCallArgumentsDelta(index: index, arguments)) }
    }
}
