package import TandemAWS
package import TandemCore

/// Turns a neutral response into the ConverseStream messages Bedrock would send for it (for Bedrock-compatible
/// endpoints and for tests): `messageStart`, per content block its deltas (tool blocks with a `contentBlockStart`)
/// and a `contentBlockStop`, `messageStop`, then `metadata` with the usage. Every payload carries a `p` padding field
/// as Bedrock's do.
package struct BedrockStreamEncoder: Sendable {
    /// The most characters of text or argument JSON per delta event.
    package var chunkSize: Int

    /// Creates an encoder.
    ///
    /// - Parameter chunkSize: The most characters per delta (at least 1).
    package init(chunkSize: Int = 16) {
        self.chunkSize = max(1, chunkSize)
    }

    /// The messages for `response`.
    ///
    /// - Throws: An ``LLMError`` `invalidRequest` when a tool call's arguments are not JSON.
    package func messages(for response: ChatResponse) throws(LLMError) -> [EventStreamMessage] {
        var messages: [EventStreamMessage] = [Self.event("messageStart", ["role": "assistant"])]
        var block = 0
        for part in response.message.content {
            switch part {
            case .text(let text):
                for piece in self.chunks(text) {
                    messages.append(Self.delta(block, ["text": .string(piece)]))
                }
            case .reasoning(let text, let signature):
                for piece in self.chunks(text) {
                    messages.append(Self.delta(block, ["reasoningContent": ["text": .string(piece)]]))
                }
                if let signature {
                    messages.append(Self.delta(block, ["reasoningContent": ["signature": .string(signature)]]))
                }
            case .image:
                continue
            }
            messages.append(Self.event("contentBlockStop", ["contentBlockIndex": .integer(Int64(block))]))
            block += 1
        }
        for call in response.message.toolCalls {
            let input: String
            do {
                input = try call.argumentsValue().canonicalJSON()
            } catch {
                throw BedrockConverse.requestError("the arguments of tool call \(call.id) are not JSON")
            }
            messages.append(
                Self.event(
                    "contentBlockStart",
                    [
                        "contentBlockIndex": .integer(Int64(block)),
                        "start": ["toolUse": ["toolUseId": .string(call.id), "name": .string(call.name)]],
                    ]
                )
            )
            for piece in self.chunks(input) {
                messages.append(Self.delta(block, ["toolUse": ["input": .string(piece)]]))
            }
            messages.append(Self.event("contentBlockStop", ["contentBlockIndex": .integer(Int64(block))]))
            block += 1
        }
        messages.append(
            Self.event("messageStop", ["stopReason": .string(BedrockConverse.stopReason(response.finishReason))])
        )
        messages.append(
            Self.event("metadata", ["usage": BedrockConverse.usageValue(response.usage), "metrics": ["latencyMs": 1]])
        )
        return messages
    }

    /// An event message with Bedrock's headers and a padded JSON payload.
    ///
    /// - Parameters:
    ///   - type: The `:event-type`.
    ///   - payload: The payload object (a `p` member is added).
    /// - Returns: The message.
    package static func event(_ type: String, _ payload: [String: JSONValue]) -> EventStreamMessage {
        var padded = payload
        padded["p"] = .string(String("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ".prefix(4 + type.count)))
        return EventStreamMessage(
            headers: [
                EventStreamHeader(name: ":event-type", value: .string(type)),
                EventStreamHeader(name: ":content-type", value: .string("application/json")),
                EventStreamHeader(name: ":message-type", value: .string("event")),
            ],
            payload: BedrockConverse.bytes(of: .object(padded))
        )
    }

    /// An exception message as Bedrock sends one mid-stream.
    ///
    /// - Parameters:
    ///   - type: The `:exception-type`, e.g. `throttlingException`.
    ///   - message: The exception's message.
    /// - Returns: The message.
    package static func exception(_ type: String, message: String) -> EventStreamMessage {
        EventStreamMessage(
            headers: [
                EventStreamHeader(name: ":exception-type", value: .string(type)),
                EventStreamHeader(name: ":content-type", value: .string("application/json")),
                EventStreamHeader(name: ":message-type", value: .string("exception")),
            ],
            payload: BedrockConverse.bytes(of: ["message": .string(message)])
        )
    }

    private static func delta(_ block: Int, _ delta: JSONValue) -> EventStreamMessage {
        Self.event("contentBlockDelta", ["contentBlockIndex": .integer(Int64(block)), "delta": delta])
    }

    private func chunks(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(self.chunkSize)))
            rest = rest.dropFirst(self.chunkSize)
        }
        return pieces
    }
}
