import Synchronization
import TandemApp
import TandemLLM

/// A chat provider that lets its events out one at a time, when the test says so (`release`), or all at once
/// (`automatic`); it records whether its stream was cancelled and how many events it produced.
final class SteppedChatProvider: ChatProvider {
    let name = "stepped"
    let events: [ChatStreamEvent]
    let automatic: Bool
    private let gate: AsyncStream<Void>
    private let opener: AsyncStream<Void>.Continuation
    /// A class around the record, so the stream's producer can share it.
    private final class Record: Sendable {
        let value = Mutex<(requests: [ChatRequest], yielded: Int, cancelled: Bool)>(([], 0, false))
    }

    private let record = Record()

    init(_ events: [ChatStreamEvent], automatic: Bool = false) {
        self.events = events
        self.automatic = automatic
        (self.gate, self.opener) = AsyncStream.makeStream()
    }

    /// Text deltas, then usage and a stop.
    static func text(
        _ pieces: [String],
        automatic: Bool = false,
        usage: Usage = Usage(inputTokens: 11, outputTokens: 4)
    )
        -> SteppedChatProvider
    {
        SteppedChatProvider(
            [.messageStart(id: "up-1", model: "m")] + pieces.map { .textDelta($0) } + [.usage(usage), .finish(.stop)],
            automatic: automatic
        )
    }

    /// Lets the next event out.
    func release(_ count: Int = 1) {
        for _ in 0..<count { self.opener.yield() }
    }

    var requests: [ChatRequest] { self.record.value.withLock { $0.requests } }
    var yielded: Int { self.record.value.withLock { $0.yielded } }
    var wasCancelled: Bool { self.record.value.withLock { $0.cancelled } }

    func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        try await self.stream(request, options: options).collect(model: request.model)
    }

    func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        self.record.value.withLock { $0.requests.append(request) }
        let events = self.events
        let automatic = self.automatic
        let gate = self.gate
        let record = self.record
        return ChatStream { continuation in
            await withTaskCancellationHandler {
                var opened = gate.makeAsyncIterator()
                for event in events {
                    // The messageStart goes out at once; every later event waits for the test.
                    var waits = !automatic
                    if case .messageStart = event { waits = false }
                    if waits {
                        guard await opened.next() != nil, !Task.isCancelled else { return }
                    }
                    if Task.isCancelled { return }
                    record.value.withLock { $0.yielded += 1 }
                    continuation.yield(event)
                }
            } onCancel: {
                record.value.withLock { $0.cancelled = true }
            }
        }
    }
}

/// A sink that records frames, hands them to the test as they arrive, and reports the client gone from the
/// `goneAt`-th send on (1-based), like a closed socket or a 410 from API Gateway.
final class RecordingSink: ChatSocketSink {
    let goneAt: Int?
    let frames: AsyncStream<String>
    private let feed: AsyncStream<String>.Continuation
    private let state = Mutex<(sent: [String], attempts: Int)>(([], 0))

    init(goneAt: Int? = nil) {
        self.goneAt = goneAt
        (self.frames, self.feed) = AsyncStream.makeStream()
    }

    var sent: [String] { self.state.withLock { $0.sent } }
    var events: [ChatSocketEvent] { self.sent.compactMap { try? ChatSocketCodec.decodeEvent($0) } }

    func send(_ frame: String) async throws {
        let gone = self.state.withLock { state -> Bool in
            state.attempts += 1
            if let goneAt = self.goneAt, state.attempts >= goneAt { return true }
            state.sent.append(frame)
            return false
        }
        if gone { throw ChatSocketGone(connectionID: "test") }
        self.feed.yield(frame)
    }
}

/// Waits until `condition` holds, polling, for at most `limit`.
func eventually(_ limit: Duration = .seconds(5), _ condition: () -> Bool) async throws -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + limit
    while !condition() {
        if clock.now > end { return false }
        try await Task.sleep(for: .milliseconds(5))
    }
    return true
}

/// Routes every deployment to one provider.
struct OneProviderFactory: ProviderFactory {
    let provider: any ChatProvider

    func chatProvider(for deployment: Deployment) throws(LLMError) -> any ChatProvider { self.provider }

    func embeddingProvider(for deployment: Deployment) throws(LLMError) -> any EmbeddingProvider {
        throw LLMError(.unsupported, "no embeddings here")
    }
}
