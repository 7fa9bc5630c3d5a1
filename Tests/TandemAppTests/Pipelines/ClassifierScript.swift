import Synchronization
import TandemApp
import TandemCore
import TandemLLM

/// A chat provider answering from a list of responses in order (the last one repeats), recording every request:
/// the classifier's retry and its feedback are checked against it.
final class ClassifierScript: ChatProvider {
    let name = "script"
    private let answers: [ChatResponse]
    private let seen = Mutex<[ChatRequest]>([])

    init(_ answers: [ChatResponse]) {
        self.answers = answers
    }

    /// A response calling `classify_document` with `arguments` (JSON text).
    static func call(_ arguments: String, usage: Usage = Usage(inputTokens: 50, outputTokens: 12)) -> ChatResponse {
        ChatResponse(
            id: "resp",
            model: "scripted-classifier",
            message: .assistant(nil, toolCalls: [ToolCall(id: "call_1", name: LLMClassifier.toolName, arguments: arguments)]),
            finishReason: .toolCalls,
            usage: usage,
            provider: "script",
            cost: Cost(input: 0.0001, output: 0.0002)
        )
    }

    /// A response with text and no tool call.
    static func prose(_ text: String) -> ChatResponse {
        ChatResponse(id: "resp", model: "scripted-classifier", message: .assistant(text), finishReason: .stop,
                     usage: Usage(inputTokens: 50, outputTokens: 5))
    }

    var requests: [ChatRequest] { self.seen.withLock { $0 } }

    func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        let count = self.seen.withLock { seen in
            seen.append(request)
            return seen.count
        }
        return self.answers[min(count, self.answers.count) - 1]
    }

    func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        throw LLMError(.unsupported, "the classifier script answers chat only", provider: self.name)
    }
}

/// Counts the calls that reach another provider (the router in the LiteLLM tests).
final class CountingChat: ChatProvider {
    let name = "counting"
    let base: any ChatProvider
    private let count = Mutex(0)

    init(_ base: any ChatProvider) {
        self.base = base
    }

    var calls: Int { self.count.withLock { $0 } }

    func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        self.count.withLock { $0 += 1 }
        return try await self.base.chat(request, options: options)
    }

    func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        self.count.withLock { $0 += 1 }
        return try await self.base.stream(request, options: options)
    }
}
