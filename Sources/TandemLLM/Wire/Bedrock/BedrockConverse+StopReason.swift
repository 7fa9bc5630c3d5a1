extension BedrockConverse {
    /// The neutral finish reason for a Converse `stopReason`.
    ///
    /// `end_turn` and `stop_sequence` are ``FinishReason/stop``; `max_tokens` and `model_context_window_exceeded` are
    /// ``FinishReason/length``; `guardrail_intervened` and `content_filtered` are ``FinishReason/contentFilter``;
    /// anything else is kept as ``FinishReason/other(_:)``.
    package static func finishReason(_ stopReason: String) -> FinishReason {
        switch stopReason {
        case "end_turn", "stop_sequence": .stop
        case "tool_use": .toolCalls
        case "max_tokens", "model_context_window_exceeded": .length
        case "guardrail_intervened", "content_filtered": .contentFilter
        default: .other(stopReason)
        }
    }

    /// The Converse `stopReason` for a neutral finish reason (``FinishReason/stop`` is `end_turn`).
    package static func stopReason(_ reason: FinishReason) -> String {
        switch reason {
        case .stop: "end_turn"
        case .length: "max_tokens"
        case .toolCalls: "tool_use"
        case .contentFilter: "content_filtered"
        case .other(let raw): raw
        }
    }
}
