import TandemCore
public import TandemLLM

/// The WebSocket chat wire protocol, both directions, shared by every host (API Gateway on Lambda, `tandem serve`).
///
/// Client to server (JSON text frames; `action` is what API Gateway's `$request.body.action` route selection reads):
/// - `{"action":"chat","id":"<client id>","model":"<model>","messages":[...],"max_tokens"?,"temperature"?,...}`:
///   an OpenAI Chat Completions body plus `action` and `id`.
/// - `{"action":"cancel","id":"<client id>"}`.
///
/// Server to client:
/// - `{"type":"start","id","model"}`, `{"type":"delta","id","text"}` (one per upstream delta),
/// - `{"type":"done","id","finish_reason","usage":{"prompt_tokens","completion_tokens","total_tokens"},"cost"?}`
///   (`cost` in US dollars),
/// - `{"type":"error","id","error":{"code","message"}}` (`id` is `null` when the frame's id could not be read).
///
/// Everything here is pure: bytes in, values out.
public enum ChatSocketCodec {
    // MARK: Client messages

    /// Decodes a client frame.
    ///
    /// - Parameter frame: The frame's bytes (UTF-8 JSON).
    /// - Returns: The message.
    /// - Throws: ``ChatSocketFrameError`` with ``ChatSocketError/Code/invalidRequest`` naming the field for invalid
    ///   JSON, a missing or empty `id`, a chat without `model` or `messages`, or a `max_tokens` under 1; with
    ///   ``ChatSocketError/Code/unknownAction`` for an action other than `chat` or `cancel`. The error carries the
    ///   frame's `id` when it could be read, so the client learns which chat failed.
    public static func decodeClientMessage(_ frame: [UInt8]) throws(ChatSocketFrameError) -> ChatSocketClientMessage {
        var action: String?
        var id: String?
        var scanner = JSONScanner(frame)
        do {
            try scanner.readObject { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case "action": action = try scanner.readString(at: "action")
                case "id": id = try scanner.readString(at: "id")
                default: try scanner.skipValue(at: key)
                }
            }
            try scanner.expectEnd()
        } catch {
            throw ChatSocketFrameError(id: id, ChatSocketError(.invalidRequest, "invalid JSON: \(error.description)"))
        }
        guard let id, !id.isEmpty else {
            throw ChatSocketFrameError(id: nil, ChatSocketError(.invalidRequest, "id: missing or empty"))
        }
        switch action {
        case "chat":
            return .chat(try self.decodeChat(frame, id: id))
        case "cancel":
            return .cancel(id: id)
        case nil:
            throw ChatSocketFrameError(id: id, ChatSocketError(.invalidRequest, "action: missing"))
        case let action?:
            throw ChatSocketFrameError(
                id: id,
                ChatSocketError(.unknownAction, "action: '\(action)' is not one of chat, cancel")
            )
        }
    }

    /// Decodes a client frame given as text.
    /// - Throws: ``ChatSocketFrameError`` as ``decodeClientMessage(_:)-([UInt8])`` does.
    public static func decodeClientMessage(_ frame: String) throws(ChatSocketFrameError) -> ChatSocketClientMessage {
        try self.decodeClientMessage(Array(frame.utf8))
    }

    private static func decodeChat(_ frame: [UInt8], id: String) throws(ChatSocketFrameError) -> ChatSocketRequest {
        var chat: ChatRequest
        do {
            chat = try OpenAIChatWire.decodeRequest(frame).request
        } catch {
            throw ChatSocketFrameError(id: id, ChatSocketError(.invalidRequest, error.message))
        }
        chat.extra["action"] = nil
        chat.extra["id"] = nil
        guard !chat.model.isEmpty else {
            throw ChatSocketFrameError(id: id, ChatSocketError(.invalidRequest, "model: must not be empty"))
        }
        guard !chat.messages.isEmpty else {
            throw ChatSocketFrameError(id: id, ChatSocketError(.invalidRequest, "messages: must not be empty"))
        }
        if let maxTokens = chat.maxTokens, maxTokens < 1 {
            throw ChatSocketFrameError(id: id, ChatSocketError(.invalidRequest, "max_tokens: must be at least 1"))
        }
        return ChatSocketRequest(id: id, chat: chat)
    }

    /// Encodes a client message (for Swift clients and tests); `chat` messages as an OpenAI body plus `action`/`id`.
    /// - Returns: The JSON text frame.
    public static func encode(_ message: ChatSocketClientMessage) -> String {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.key("action")
        switch message {
        case .cancel(let id):
            writer.string("cancel")
            writer.key("id")
            writer.string(id)
            writer.endObject()
            return writer.text
        case .chat(let request):
            writer.string("chat")
            writer.key("id")
            writer.string(request.id)
            var chat = request.chat
            chat.extra["action"] = nil
            chat.extra["id"] = nil
            // The body without its opening brace continues this object.
            let body = OpenAIChatWire.encodeRequest(chat)
            return writer.text + "," + String(decoding: body.dropFirst(), as: UTF8.self)
        }
    }

    // MARK: Server events

    /// Encodes a server event as its JSON text frame.
    /// - Returns: The frame.
    public static func encode(_ event: ChatSocketEvent) -> String {
        var writer = JSONWriter(capacity: 96)
        writer.beginObject()
        writer.key("type")
        switch event {
        case .start(let id, let model):
            writer.string("start")
            writer.key("id")
            writer.string(id)
            writer.key("model")
            writer.string(model)
        case .delta(let id, let text):
            writer.string("delta")
            writer.key("id")
            writer.string(id)
            writer.key("text")
            writer.string(text)
        case .done(let id, let finishReason, let usage, let cost):
            writer.string("done")
            writer.key("id")
            writer.string(id)
            writer.key("finish_reason")
            writer.string(OpenAIChatWire.finishReasonText(finishReason))
            writer.key("usage")
            self.writeUsage(usage, to: &writer)
            if let cost {
                writer.key("cost")
                writer.double(cost)
            }
        case .error(let id, let error):
            writer.string("error")
            writer.key("id")
            if let id { writer.string(id) } else { writer.null() }
            writer.key("error")
            writer.beginObject()
            writer.key("code")
            writer.string(error.code.rawValue)
            writer.key("message")
            writer.string(error.message)
            writer.endObject()
        }
        writer.endObject()
        return writer.text
    }

    /// Decodes a server event (for Swift clients and tests).
    /// - Returns: The event.
    /// - Throws: ``ChatSocketError`` (`invalid_request`) for a frame that is not a server event.
    public static func decodeEvent(_ frame: String) throws(ChatSocketError) -> ChatSocketEvent {
        var type: String?
        var id: String?
        var model: String?
        var text: String?
        var finishReason: String?
        var usage = Usage()
        var cost: Double?
        var code: String?
        var message: String?
        var scanner = JSONScanner(frame)
        do {
            try scanner.readObject { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case "type": type = try scanner.readString(at: "type")
                case "id": id = try scanner.readOptionalString(at: "id")
                case "model": model = try scanner.readString(at: "model")
                case "text": text = try scanner.readString(at: "text")
                case "finish_reason": finishReason = try scanner.readString(at: "finish_reason")
                case "cost": cost = try scanner.readOptionalDouble(at: "cost")
                case "usage":
                    try scanner.readObject(at: "usage") { scanner, key throws(JSONScanner.Failure) in
                        let count = try scanner.readInt(at: "usage.\(key)")
                        switch key {
                        case "prompt_tokens": usage.inputTokens = count
                        case "completion_tokens": usage.outputTokens = count
                        case "cache_read_tokens": usage.cacheReadTokens = count
                        case "cache_write_tokens": usage.cacheWriteTokens = count
                        case "reasoning_tokens": usage.reasoningTokens = count
                        default: break
                        }
                    }
                case "error":
                    try scanner.readObject(at: "error") { scanner, key throws(JSONScanner.Failure) in
                        switch key {
                        case "code": code = try scanner.readString(at: "error.code")
                        case "message": message = try scanner.readString(at: "error.message")
                        default: try scanner.skipValue(at: "error.\(key)")
                        }
                    }
                default: try scanner.skipValue(at: key)
                }
            }
            try scanner.expectEnd()
        } catch {
            throw ChatSocketError(.invalidRequest, "invalid event: \(error.description)")
        }
        switch type {
        case "start":
            if let id, let model { return .start(id: id, model: model) }
        case "delta":
            if let id, let text { return .delta(id: id, text: text) }
        case "done":
            if let id, let finishReason {
                return .done(
                    id: id,
                    finishReason: self.finishReason(finishReason),
                    usage: usage,
                    cost: cost
                )
            }
        case "error":
            if let code, let message { return .error(id: id, ChatSocketError(.init(code), message)) }
        default:
            break
        }
        throw ChatSocketError(.invalidRequest, "not a chat event: type '\(type ?? "")' or its fields are missing")
    }

    static func finishReason(_ text: String) -> FinishReason {
        switch text {
        case "stop": .stop
        case "length": .length
        case "tool_calls": .toolCalls
        case "content_filter": .contentFilter
        default: .other(text)
        }
    }

    private static func writeUsage(_ usage: Usage, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("prompt_tokens")
        writer.int(usage.inputTokens)
        writer.key("completion_tokens")
        writer.int(usage.outputTokens)
        writer.key("total_tokens")
        writer.int(usage.totalTokens)
        if usage.cacheReadTokens > 0 {
            writer.key("cache_read_tokens")
            writer.int(usage.cacheReadTokens)
        }
        if usage.cacheWriteTokens > 0 {
            writer.key("cache_write_tokens")
            writer.int(usage.cacheWriteTokens)
        }
        if usage.reasoningTokens > 0 {
            writer.key("reasoning_tokens")
            writer.int(usage.reasoningTokens)
        }
        writer.endObject()
    }
}
