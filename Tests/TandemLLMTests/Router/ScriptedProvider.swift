import Synchronization
import TandemCore

@testable import TandemLLM

/// A provider that answers from a script, one step per call (chat, stream or embed), and counts its calls; calls
/// beyond the script fail with a 599 no router rule expects.
final class ScriptedProvider: ChatProvider, EmbeddingProvider {
    enum Step: Sendable {
        /// Answer with `text` (chat), the events of that answer (stream), or one vector per input (embed).
        case answer(String, usage: Usage = Usage(inputTokens: 1_000_000, outputTokens: 1_000_000))
        /// Fail with `error` (before any content).
        case fail(LLMError)
        /// Stream `events`, then end (no finish unless listed).
        case events([ChatStreamEvent])
        /// Stream `events`, then throw `error`.
        case eventsThenFail([ChatStreamEvent], LLMError)
        /// Wait `delay`, then do `step`.
        indirect case after(Duration, Step)
        /// Never answer (until cancelled).
        case hang
    }

    let name: String
    private let script: Mutex<[Step]>
    private let counts = Mutex<(calls: Int, cancelled: Int)>((0, 0))

    init(_ name: String, _ script: [Step] = []) {
        self.name = name
        self.script = Mutex(script)
    }

    /// Calls made so far.
    var calls: Int { self.counts.withLock { $0.calls } }
    /// Calls that ended by cancellation.
    var cancellations: Int { self.counts.withLock { $0.cancelled } }

    /// Appends steps.
    func add(_ steps: Step...) { self.script.withLock { $0.append(contentsOf: steps) } }

    private func nextStep() -> Step {
        self.counts.withLock { $0.calls += 1 }
        return self.script.withLock { script in
            script.isEmpty ? .fail(LLMError(.badResponse, "script exhausted", status: 599)) : script.removeFirst()
        }
    }

    private func wait(_ duration: Duration?) async throws {
        do {
            if let duration {
                try await Task.sleep(for: duration)
            } else {
                while true { try await Task.sleep(for: .seconds(3600)) }
            }
        } catch {
            self.counts.withLock { $0.cancelled += 1 }
            throw error
        }
    }

    func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        var step = self.nextStep()
        while true {
            switch step {
            case .answer(let text, let usage):
                return ChatResponse(
                    id: "r-\(self.name)",
                    model: request.model,
                    message: .assistant(text),
                    finishReason: .stop,
                    usage: usage
                )
            case .fail(let error):
                throw error
            case .events(let events), .eventsThenFail(let events, _):
                return try await ChatStream(events: events).collect(model: request.model)
            case .after(let delay, let next):
                try await self.wait(delay)
                step = next
            case .hang:
                try await self.wait(nil)
            }
        }
    }

    func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        var step = self.nextStep()
        var delay: Duration?
        if case .after(let wait, let next) = step {
            delay = wait
            step = next
        }
        let name = self.name
        let model = request.model
        let chosen = step
        let pause = delay
        return ChatStream { continuation in
            if let pause { try await self.wait(pause) }
            switch chosen {
            case .answer(let text, let usage):
                continuation.yield(.messageStart(id: "r-\(name)", model: model))
                for word in text.split(separator: " ") { continuation.yield(.textDelta(String(word))) }
                continuation.yield(.finish(.stop))
                continuation.yield(.usage(usage))
            case .fail(let error):
                throw error
            case .events(let events):
                for event in events { continuation.yield(event) }
            case .eventsThenFail(let events, let error):
                for event in events { continuation.yield(event) }
                throw error
            case .hang:
                try await self.wait(nil)
            case .after:
                break
            }
        }
    }

    func embed(_ request: EmbeddingRequest, options: CallOptions) async throws -> EmbeddingResponse {
        var step = self.nextStep()
        while true {
            switch step {
            case .answer(_, let usage):
                return EmbeddingResponse(
                    model: request.model,
                    embeddings: request.inputs.map { _ in [1, 0] },
                    usage: usage
                )
            case .fail(let error):
                throw error
            case .after(let delay, let next):
                try await self.wait(delay)
                step = next
            case .hang:
                try await self.wait(nil)
            case .events, .eventsThenFail:
                throw LLMError(.unsupported, "not an embedding step")
            }
        }
    }
}

/// Hands the router the scripted provider registered for each deployment id.
struct ScriptedFactory: ProviderFactory {
    let providers: [String: ScriptedProvider]

    init(_ providers: [ScriptedProvider]) {
        self.providers = Dictionary(uniqueKeysWithValues: providers.map { ($0.name, $0) })
    }

    func chatProvider(for deployment: Deployment) throws(LLMError) -> any ChatProvider {
        guard let provider = self.providers[deployment.id] else { throw LLMError(.notFound, "no script for \(deployment.id)") }
        return provider
    }

    func embeddingProvider(for deployment: Deployment) throws(LLMError) -> any EmbeddingProvider {
        guard let provider = self.providers[deployment.id] else { throw LLMError(.notFound, "no script for \(deployment.id)") }
        return provider
    }
}
