public import TandemCore
public import TandemLLM

/// A validated answer of ``LLMClassifier``: the label, the model's confidence and reason, and what the call cost.
public struct LLMClassification: Sendable, Hashable {
    /// One of the configured labels.
    public var label: String
    /// The model's confidence, in `[0, 1]`.
    public var confidence: Double
    /// The model's short reason, if it gave one.
    public var reason: String?
    /// The model that answered, as the provider named it.
    public var model: String
    /// The deployment that answered (set by the router).
    public var provider: String?
    /// Tokens of every attempt added up.
    public var usage: Usage
    /// What every attempt cost, when the price table knows the model.
    public var cost: Cost?
    /// How many answers were asked for (2 after one invalid answer).
    public var attempts: Int

    /// Creates an answer.
    public init(
        label: String,
        confidence: Double,
        reason: String? = nil,
        model: String,
        provider: String? = nil,
        usage: Usage = Usage(),
        cost: Cost? = nil,
        attempts: Int = 1
    ) {
        self.label = label
        self.confidence = confidence
        self.reason = reason
        self.model = model
        self.provider = provider
        self.usage = usage
        self.cost = cost
        self.attempts = attempts
    }

    /// Reads and checks the answer in `response`: its first `classify_document` call must carry JSON arguments with
    /// `label` one of `labels`, `confidence` a number in `[0, 1]`, and `reason`, if present, text.
    /// - Returns: the label, confidence and reason.
    /// - Throws: ``PipelineError`` `invalid_classification` saying what is wrong (never quoting the document).
    public static func validate(
        _ response: ChatResponse,
        labels: [String]
    ) throws -> (label: String, confidence: Double, reason: String?) {
        guard let call = response.message.toolCalls.first(where: { $0.name == LLMClassifier.toolName }) else {
            let names = response.message.toolCalls.map(\.name)
            throw Self.invalid(
                names.isEmpty
                    ? "the model did not call \(LLMClassifier.toolName)"
                    : "the model called \(names.map(Self.clipped).joined(separator: ", ")) instead of \(LLMClassifier.toolName)"
            )
        }
        guard let arguments = try? call.argumentsValue(), let fields = arguments.objectValue else {
            throw Self.invalid("the arguments of \(LLMClassifier.toolName) are not a JSON object")
        }
        guard let label = fields["label"]?.stringValue else {
            throw Self.invalid("the answer has no text 'label'")
        }
        guard labels.contains(label) else {
            throw Self.invalid("label '\(Self.clipped(label))' is not one of \(labels.joined(separator: ", "))")
        }
        guard let confidence = fields["confidence"]?.doubleValue else {
            throw Self.invalid("the answer has no number 'confidence'")
        }
        guard confidence.isFinite, (0...1).contains(confidence) else {
            throw Self.invalid("confidence \(confidence) is outside 0...1")
        }
        var reason: String?
        switch fields["reason"] {
        case nil, .null?: reason = nil
        case .string(let text)?: reason = text
        default: throw Self.invalid("'reason' is not text")
        }
        return (label, confidence, reason)
    }

    /// The fields a ``PipelineResult`` of the classify pipeline holds for this answer.
    var resultFields: [String: JSONValue] {
        var usage: [String: JSONValue] = [
            "input_tokens": .integer(Int64(self.usage.inputTokens)),
            "output_tokens": .integer(Int64(self.usage.outputTokens)),
        ]
        if self.usage.cacheReadTokens > 0 { usage["cache_read_tokens"] = .integer(Int64(self.usage.cacheReadTokens)) }
        var fields: [String: JSONValue] = [
            "label": .string(self.label),
            "confidence": .double(self.confidence),
            "model": .string(self.model),
            "method": "llm",
            "usage": .object(usage),
            "attempts": .integer(Int64(self.attempts)),
        ]
        if let reason = self.reason { fields["reason"] = .string(reason) }
        if let provider = self.provider { fields["provider"] = .string(provider) }
        if let cost = self.cost { fields["cost_usd"] = .double(cost.total) }
        return fields
    }

    private static func invalid(_ message: String) -> PipelineError {
        PipelineError(PipelineError.invalidClassification, message)
    }

    /// A model's text cut to 64 characters for an error message.
    private static func clipped(_ text: String) -> String {
        text.count > 64 ? String(text.prefix(64)) + "..." : text
    }
}
