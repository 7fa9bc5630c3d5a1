package import TandemCore

extension BedrockConverse {
    /// The neutral response for a Converse response body.
    ///
    /// Bedrock's response has no id of its own: the `x-amzn-RequestId` header stands for it.
    ///
    /// - Parameters:
    ///   - body: The response body bytes.
    ///   - modelID: The model id the request named.
    ///   - requestID: The `x-amzn-RequestId` header.
    ///   - status: The HTTP status (for errors).
    /// - Throws: An ``LLMError`` `badResponse` when the body is not JSON or has no `output.message`.
    package static func chatResponse(
        from body: some Collection<UInt8>,
        modelID: String,
        requestID: String?,
        status: Int = 200
    ) throws(LLMError) -> ChatResponse {
        let value = try Self.parse(body, status: status, requestID: requestID)
        return try Self.chatResponse(from: value, modelID: modelID, requestID: requestID, status: status)
    }

    /// The neutral response for a parsed Converse response body.
    ///
    /// - Throws: An ``LLMError`` `badResponse` when the body has no `output.message` with a content array.
    package static func chatResponse(
        from value: JSONValue,
        modelID: String,
        requestID: String?,
        status: Int = 200
    ) throws(LLMError) -> ChatResponse {
        guard let content = value["output"]?["message"]?["content"]?.arrayValue else {
            throw Self.shapeError("the response has no output.message.content", status: status, requestID: requestID)
        }
        var parts: [ContentPart] = []
        var calls: [ToolCall] = []
        for block in content {
            if let text = block["text"]?.stringValue {
                parts.append(.text(text))
            } else if let reasoning = block["reasoningContent"]?["reasoningText"] {
                parts.append(
                    .reasoning(
                        text: reasoning["text"]?.stringValue ?? "",
                        signature: reasoning["signature"]?.stringValue
                    )
                )
            } else if let use = block["toolUse"] {
                calls.append(Self.toolCall(use))
            } else if let image = block["image"], let source = Self.imageSource(image) {
                parts.append(.image(source))
            }
        }
        let stopReason = value["stopReason"]?.stringValue
        return ChatResponse(
            id: requestID ?? "",
            model: modelID,
            message: ChatMessage(role: .assistant, content: parts, toolCalls: calls),
            finishReason: stopReason.map(Self.finishReason) ?? (calls.isEmpty ? .stop : .toolCalls),
            usage: Self.usage(value["usage"])
        )
    }

    /// The Converse response body for a neutral response (for Bedrock-compatible endpoints and tests), the inverse
    /// of `chatResponse(from:modelID:requestID:status:)`.
    ///
    /// - Throws: An ``LLMError`` `invalidRequest` when a tool call's arguments are not a JSON object.
    package static func responseBody(for response: ChatResponse) throws(LLMError) -> JSONValue {
        var blocks = try Self.contentBlocks(response.message.content)
        for call in response.message.toolCalls { blocks.append(try Self.toolUseBlock(call)) }
        return [
            "output": ["message": ["role": "assistant", "content": .array(blocks)]],
            "stopReason": .string(Self.stopReason(response.finishReason)),
            "usage": Self.usageValue(response.usage),
            "metrics": ["latencyMs": 0],
        ]
    }
}
