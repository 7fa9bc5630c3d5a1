import Synchronization
import TandemLLM

/// A chat and embedding provider that answers from a script, and records what it was asked and whether a stream
/// was cancelled (the gateway must cancel the upstream when its client leaves).
final class ScriptedProvider: ChatProvider, EmbeddingProvider {
    enum Step: Sendable {
        case event(ChatStreamEvent)
        case pause(Duration)
        case fail(LLMError)
    }

    let name = "scripted"
    let steps: [Step]
    let failure: LLMError?
    private final class State: Sendable {
        let value = Mutex<(requests: [ChatRequest], cancelled: Bool, finished: Bool)>(([], false, false))
    }

    private let record = State()

    init(_ steps: [Step], failure: LLMError? = nil) {
        self.steps = steps
        self.failure = failure
    }

    /// A provider that streams `text` in `pieces` deltas, with usage and a stop.
    static func text(_ pieces: [String], usage: Usage = Usage(inputTokens: 7, outputTokens: 3)) -> ScriptedProvider {
        ScriptedProvider(
            [.event(.messageStart(id: "up-1", model: "scripted-model"))] + pieces.map { .event(.textDelta($0)) }
                + [.event(.usage(usage)), .event(.finish(.stop))]
        )
    }

    var requests: [ChatRequest] { self.record.value.withLock { $0.requests } }
    var wasCancelled: Bool { self.record.value.withLock { $0.cancelled } }
    var finished: Bool { self.record.value.withLock { $0.finished } }

    func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        try await self.stream(request, options: options).collect(model: request.model)
    }

    func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        self.record.value.withLock { $0.requests.append(request) }
        if let failure = self.failure { throw failure }
        let steps = self.steps
        let record = self.record
        return ChatStream { continuation in
            do {
                for step in steps {
                    switch step {
                    case .event(let event): continuation.yield(event)
                    case .pause(let duration): try await Task.sleep(for: duration)
                    case .fail(let error): throw error
                    }
                }
                record.value.withLock { $0.finished = true }
            } catch is CancellationError {
                record.value.withLock { $0.cancelled = true }
                throw CancellationError()
            }
        }
    }

    func embed(_ request: EmbeddingRequest, options: CallOptions) async throws -> EmbeddingResponse {
        EmbeddingResponse(
            model: request.model,
            embeddings: request.inputs.map { text in [Float(text.count), 0.5, -1.25] },
            usage: Usage(inputTokens: request.inputs.count * 2)
        )
    }
}
