public import TandemCore
public import TandemLLM
public import TandemModels

/// Classifies a document with a chat model that must answer by calling one tool, `classify_document`, whose
/// arguments schema is `{"label": <one of the labels>, "confidence": <0...1>, "reason"?: <text>}`.
///
/// The request forces that tool (`tool_choice` = the tool), so any provider the router reaches (OpenAI, Anthropic,
/// Bedrock, an OpenAI-compatible server) answers with structured arguments instead of prose. The answer is
/// validated (``LLMClassification/validate(_:labels:)``): a label outside the set, a confidence outside `[0, 1]`,
/// arguments that are not JSON or no tool call at all make the attempt invalid. An invalid answer is retried once
/// (``maximumAttempts``), with the validation error sent back to the model as the tool's result; a second invalid
/// answer fails the record with ``PipelineError`` `invalid_classification`.
///
/// ```swift
/// let router = try Router()
/// let classifier = LLMClassifier(chat: router, model: "openai/gpt-4o-mini")
/// let answer = try await classifier.classify(text, labels: labels, deadline: context.deadline)
/// print(answer.label, answer.confidence, answer.usage, answer.cost?.total ?? 0)
/// ```
public struct LLMClassifier: Sendable {
    /// The name of the tool the model is made to call.
    public static let toolName = "classify_document"

    /// Where requests go: the router, or any provider.
    public let chat: any ChatProvider
    /// The model to ask (a router name, alias or `provider/model`).
    public let model: String
    /// How many answers are asked for at most (default 2: one retry after an invalid answer).
    public var maximumAttempts: Int
    /// The most characters of a document put in the prompt (default 24,000; the rest is cut).
    public var maximumCharacters: Int
    /// The most tokens of the answer (default 256).
    public var maximumTokens: Int

    /// Creates a classifier.
    /// - Parameters:
    ///   - chat: the router or a provider.
    ///   - model: the model name to send.
    ///   - maximumAttempts: answers asked for at most (1 = no retry); at least 1.
    ///   - maximumCharacters: the document's characters sent at most.
    ///   - maximumTokens: the answer's token limit.
    public init(
        chat: any ChatProvider,
        model: String,
        maximumAttempts: Int = 2,
        maximumCharacters: Int = 24_000,
        maximumTokens: Int = 256
    ) {
        self.chat = chat
        self.model = model
        self.maximumAttempts = max(1, maximumAttempts)
        self.maximumCharacters = max(1, maximumCharacters)
        self.maximumTokens = maximumTokens
    }

    /// The tool definition for `labels`: `label` an enum of their names, `confidence` a number in `[0, 1]`.
    public static func tool(labels: [ZeroShotClassifier.Label]) -> ToolDefinition {
        let names = labels.map { JSONValue.string($0.name) }
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "label": ["type": "string", "enum": .array(names), "description": "The one label that fits best."],
                "confidence": [
                    "type": "number", "minimum": 0, "maximum": 1,
                    "description": "How sure you are that the label is right, from 0 to 1.",
                ],
                "reason": ["type": "string", "description": "One short sentence saying why."],
            ],
            "required": ["label", "confidence"],
            "additionalProperties": false,
        ]
        return ToolDefinition(
            name: Self.toolName,
            description: "Report the classification of the document into exactly one of the given labels.",
            parameters: schema
        )
    }

    /// The first request for `text`: instructions naming the labels, the document, the forced tool call.
    public func request(for text: String, labels: [ZeroShotClassifier.Label]) -> ChatRequest {
        var document = text
        if document.count > self.maximumCharacters { document = String(document.prefix(self.maximumCharacters)) }
        let list = labels.map { label in
            label.description == label.name ? "- \(label.name)" : "- \(label.name): \(label.description)"
        }.joined(separator: "\n")
        let instructions = """
            You classify documents. Choose exactly one of these labels:
            \(list)
            Answer only by calling the \(Self.toolName) tool with the label, your confidence from 0 to 1, and a short \
            reason.
            """
        return ChatRequest(
            model: self.model,
            messages: [.system(instructions), .user("<document>\n\(document)\n</document>")],
            tools: [Self.tool(labels: labels)],
            toolChoice: .tool(Self.toolName),
            parallelToolCalls: false,
            temperature: 0,
            maxTokens: self.maximumTokens
        )
    }

    /// Classifies `text` into one of `labels`, retrying once after an invalid answer.
    /// - Parameters:
    ///   - text: the document's text (cut to ``maximumCharacters``).
    ///   - labels: the classes; at least one.
    ///   - deadline: when the calls must be over.
    /// - Returns: the validated answer with the model, usage and cost of every attempt added up.
    /// - Throws: ``PipelineError`` `invalid_classification` when every attempt's answer was invalid (the record
    ///   fails; its redelivery tries again); the provider's or router's ``TandemLLM/LLMError``.
    public func classify(
        _ text: String,
        labels: [ZeroShotClassifier.Label],
        deadline: Deadline
    ) async throws -> LLMClassification {
        guard !labels.isEmpty else { throw PipelineError(PipelineError.invalidInput, "classification needs labels") }
        var request = self.request(for: text, labels: labels)
        var usage = Usage()
        var cost: Cost?
        var lastError = PipelineError(PipelineError.invalidClassification, "no answer")
        for attempt in 1...self.maximumAttempts {
            let response = try await self.chat.chat(request, options: CallOptions(deadline: deadline))
            usage = usage + response.usage
            if let spent = response.cost { cost = (cost ?? Cost()) + spent }
            do {
                let answer = try LLMClassification.validate(response, labels: labels.map(\.name))
                return LLMClassification(
                    label: answer.label,
                    confidence: answer.confidence,
                    reason: answer.reason,
                    model: response.model,
                    provider: response.provider,
                    usage: usage,
                    cost: cost,
                    attempts: attempt
                )
            } catch let error as PipelineError {
                lastError = error
                request.messages += Self.feedback(for: response, error: error)
            }
        }
        throw PipelineError(
            PipelineError.invalidClassification,
            "\(self.model) gave no valid classification in \(self.maximumAttempts) attempt(s): \(lastError.message)"
        )
    }

    /// What the next attempt is told: the model's call and the validation error as the tool's (failed) result, or,
    /// when it called no tool, a reminder to call it.
    static func feedback(for response: ChatResponse, error: PipelineError) -> [ChatMessage] {
        if let call = response.message.toolCalls.first {
            return [
                .assistant(nil, toolCalls: [call]),
                .toolResult(id: call.id, "Invalid answer: \(error.message). Call \(Self.toolName) again.", isError: true),
            ]
        }
        return [
            .assistant(response.message.text.isEmpty ? "(no answer)" : response.message.text),
            .user("Answer by calling the \(Self.toolName) tool. \(error.message)."),
        ]
    }
}
