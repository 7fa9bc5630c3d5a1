package import TandemAWS

/// A decoder of one Bedrock Runtime response stream (ConverseStream's or InvokeModelWithResponseStream's) into
/// neutral events, fed one event-stream message at a time: the shape ``BedrockProvider`` reads both with.
package protocol BedrockEventDecoder: Sendable {
    /// The `x-amzn-RequestId` of the response.
    var requestID: String? { get }
    /// The HTTP status of the response.
    var status: Int { get }

    /// The neutral events for one message.
    ///
    /// - Throws: An ``LLMError``: the mapped exception for `exception` and `error` messages, `badResponse` for a
    ///   payload the decoder cannot read.
    mutating func decode(_ message: EventStreamMessage) throws(LLMError) -> [ChatStreamEvent]
}

extension BedrockStreamDecoder: BedrockEventDecoder {}
