#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore
public import TandemLLM

/// A deterministic model that plays a script: turn *n* of a conversation (the number of assistant messages already
/// in the request) gets the script's turn *n*. For tests, demos and offline CI (`tandem agent run --model
/// script:FILE`); it reads nothing but the request, so a replayed conversation gets the same answers.
///
/// A script file is a JSON array of turns:
/// `{"text": "...", "tool_calls": [{"name": "put_result", "arguments": {...}}], "delay_ms": 50,
///   "input_tokens": 10, "output_tokens": 5, "cost_usd": 0.001}`. Arguments given as a string are sent as that exact
/// text (to script invalid JSON). In `text`, `{{results}}` becomes the contents of every tool result so far joined
/// by `|`, and `{{last_result}}` the last one. Past the end of the script the model answers `script exhausted`.
public struct ScriptedChatModel: ChatProvider {
    /// One planned turn.
    public struct Turn: Sendable, Hashable {
        /// Text to answer with.
        public var text: String
        /// Tool calls: name and argument text.
        public var calls: [(name: String, arguments: String)]
        /// How long the turn takes.
        public var delay: Duration
        /// Reported usage.
        public var usage: Usage
        /// Reported cost in US dollars.
        public var costUSD: Double?
        /// Fail the turn with this error instead of answering.
        public var error: LLMError?

        /// Creates a turn.
        public init(
            text: String = "",
            calls: [(name: String, arguments: String)] = [],
            delay: Duration = .zero,
            usage: Usage = Usage(inputTokens: 10, outputTokens: 5),
            costUSD: Double? = nil,
            error: LLMError? = nil
        ) {
            self.text = text
            self.calls = calls
            self.delay = delay
            self.usage = usage
            self.costUSD = costUSD
            self.error = error
        }

        public static func == (lhs: Turn, rhs: Turn) -> Bool {
            lhs.text == rhs.text && lhs.calls.map(\.name) == rhs.calls.map(\.name)
                && lhs.calls.map(\.arguments) == rhs.calls.map(\.arguments) && lhs.delay == rhs.delay
                && lhs.usage == rhs.usage && lhs.costUSD == rhs.costUSD && lhs.error == rhs.error
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(self.text)
            hasher.combine(self.calls.map(\.name))
        }
    }

    public var name: String { "scripted" }
    /// The turns.
    public var turns: [Turn]

    /// A model playing `turns`.
    public init(turns: [Turn]) {
        self.turns = turns
    }

    /// A model playing the script file at `path`.
    /// - Throws: ``TandemError`` (`invalid_input`) when the file is not a script.
    public init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TandemError(.invalidInput, "cannot read the script \(path)")
        }
        let value: JSONValue
        do { value = try JSONValue(parsing: data) } catch {
            throw TandemError(.invalidInput, "the script \(path) is not JSON")
        }
        guard let items = value.arrayValue else { throw TandemError(.invalidInput, "a script is a JSON array of turns") }
        self.turns = items.map { item in
            let calls = (item["tool_calls"]?.arrayValue ?? []).map { call -> (name: String, arguments: String) in
                let arguments = call["arguments"]
                return (call["name"]?.stringValue ?? "", arguments?.stringValue ?? (arguments ?? .object([:])).canonicalJSON())
            }
            return Turn(
                text: item["text"]?.stringValue ?? "",
                calls: calls,
                delay: .milliseconds(item["delay_ms"]?.integerValue ?? 0),
                usage: Usage(
                    inputTokens: Int(item["input_tokens"]?.integerValue ?? 10),
                    outputTokens: Int(item["output_tokens"]?.integerValue ?? 5)
                ),
                costUSD: item["cost_usd"]?.doubleValue,
                error: item["error"]?.stringValue.map { LLMError(LLMError.Code($0), "scripted failure") }
            )
        }
    }

    /// The response to `request`.
    public func respond(to request: ChatRequest) throws -> ChatResponse {
        let index = request.messages.filter { $0.role == .assistant }.count
        guard index < self.turns.count else {
            return ChatResponse(
                id: "scripted-\(index)",
                model: request.model,
                message: .assistant("script exhausted"),
                finishReason: .stop
            )
        }
        let turn = self.turns[index]
        if let error = turn.error { throw error }
        let results = request.messages.filter { $0.role == .tool }.map(\.text)
        let text = turn.text
            .replacing("{{results}}", with: results.joined(separator: "|"))
            .replacing("{{last_result}}", with: results.last ?? "")
        let calls = turn.calls.enumerated().map {
            ToolCall(id: "call_\(index + 1)_\($0.offset)", name: $0.element.name, arguments: $0.element.arguments)
        }
        return ChatResponse(
            id: "scripted-\(index)",
            model: request.model,
            message: .assistant(text.isEmpty ? nil : text, toolCalls: calls),
            finishReason: calls.isEmpty ? .stop : .toolCalls,
            usage: turn.usage,
            cost: turn.costUSD.map { Cost(output: $0) }
        )
    }

    private func delay(for request: ChatRequest) -> Duration {
        let index = request.messages.filter { $0.role == .assistant }.count
        return index < self.turns.count ? self.turns[index].delay : .zero
    }

    public func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        let delay = self.delay(for: request)
        if delay > .zero { try await Task.sleep(for: delay) }
        return try self.respond(to: request)
    }

    public func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        let delay = self.delay(for: request)
        if delay > .zero { try await Task.sleep(for: delay) }
        let response = try self.respond(to: request)
        var events: [ChatStreamEvent] = [.messageStart(id: response.id, model: response.model)]
        var word = ""
        for character in response.message.text {
            word.append(character)
            if character == " " {
                events.append(.textDelta(word))
                word = ""
            }
        }
        if !word.isEmpty { events.append(.textDelta(word)) }
        for (index, call) in response.message.toolCalls.enumerated() {
            events.append(.toolCallStart(index: index, id: call.id, name: call.name))
            events.append(.toolCallArgumentsDelta(index: index, call.arguments))
            events.append(.toolCallEnd(index: index))
        }
        events.append(.usage(response.usage))
        events.append(.finish(response.finishReason))
        return ChatStream(events: events)
    }
}
