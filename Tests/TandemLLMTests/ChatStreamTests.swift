import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import TandemCore
import Testing

@testable import TandemLLM

/// How a ``ChatStream`` hands its events over: `deliver(to:)` runs the producer in the reader's task (no task switch per
/// event), iteration in a task of its own; and how the HTTP producer lets a burst's first token out first.
@Suite("ChatStream: reading in the caller's task, and a burst's first token first")
struct ChatStreamTests {
    @Test("deliver(to:) runs the producer in the calling task: events arrive in order, errors throw")
    func deliverRunsInline() async throws {
        let seen = EventLog()
        let stream = ChatStream { continuation in
            continuation.yield(.messageStart(id: "r", model: Self.currentTask()))
            continuation.yield(.textDelta("a"))
            continuation.yield(.textDelta("b"))
            throw LLMError(.badResponse, "cut")
        }
        await #expect(throws: LLMError.self) {
            try await stream.deliver { event in
                seen.append(Self.describe(event))
            }
        }
        #expect(seen.entries == ["start \(Self.currentTask())", "text a", "text b"])
    }

    @Test("iteration still works, with the producer in a task of its own")
    func iteration() async throws {
        let stream = ChatStream { continuation in
            continuation.yield(.messageStart(id: "r", model: Self.currentTask()))
            continuation.yield(.finish(.stop))
        }
        var seen: [String] = []
        for try await event in stream { seen.append(Self.describe(event)) }
        #expect(seen.count == 2)
        #expect(seen.first?.hasPrefix("start ") == true)
        #expect(seen.first != "start \(Self.currentTask())")
        #expect(seen.last == "finish")
        // A stream over an AsyncThrowingStream reads the same through deliver(to:).
        let (base, feed) = AsyncThrowingStream<ChatStreamEvent, any Error>.makeStream()
        feed.yield(.textDelta("x"))
        feed.finish()
        let collected = EventLog()
        try await ChatStream(base).deliver { event in collected.append(Self.describe(event)) }
        #expect(collected.entries == ["text x"])
    }

    @Test("cancelling the reader's task cancels the producer running in it")
    func cancellation() async throws {
        let (started, starting) = AsyncStream<Void>.makeStream()
        let stream = ChatStream { continuation in
            continuation.yield(.textDelta("a"))
            starting.yield(())
            try await Task.sleep(for: .seconds(30))
            continuation.yield(.textDelta("never"))
        }
        let seen = EventLog()
        let reader = Task {
            try await stream.deliver { event in seen.append(Self.describe(event)) }
        }
        for await _ in started { break }
        let clock = ContinuousClock()
        let begin = clock.now
        reader.cancel()
        await #expect(throws: CancellationError.self) { try await reader.value }
        #expect(clock.now - begin < .seconds(5))
        #expect(seen.entries == ["text a"])
    }

    /// An upstream that sends its whole answer in one read: on one thread, a task woken by the first token runs
    /// before the rest of that read is decoded, so a gateway writes the first token before it decodes the others.
    @Test("a burst's first token reaches the reader before the rest of the read is decoded")
    func firstTokenOfABurst() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let executor = OneLoopExecutor(group.next())
        let log = EventLog()
        let chunk = { (delta: String, finish: String) in
            #"data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":"#
                + delta + #","finish_reason":"# + finish + "}]}\n\n"
        }
        let body =
            chunk(#"{"role":"assistant","content":""}"#, "null") + chunk(#"{"content":"one"}"#, "null")
            + chunk(#"{"content":"two"}"#, "null") + chunk(#"{"content":"three"}"#, "null")
            + chunk("{}", #""stop""#) + "data: [DONE]\n\n"
        let (parts, feed) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        feed.yield(ByteBuffer(string: body))
        feed.finish()
        let response = UpstreamResponse(status: 200, headers: HTTPHeaders(), body: UpstreamBody(pool: parts))
        let upstream = HTTPUpstream(client: .shared, provider: "burst") { _, _ in nil }
        let watchdog = AttemptWatchdog(timeouts: AttemptTimeouts(options: CallOptions()), provider: "burst")
        let stream = upstream.chatStream(response, decoder: OpenAIStreamDecoder(provider: "burst"), watchdog: watchdog)

        try await withTaskExecutorPreference(executor) {
            let (wake, waker) = AsyncStream<Void>.makeStream()
            async let observer: Void = {
                for await _ in wake {
                    log.append("observer")
                    return
                }
            }()
            try await stream.deliver { event in
                log.append(Self.describe(event))
                if case .textDelta("one") = event { waker.yield(()) }
            }
            await observer
        }
        try await group.shutdownGracefully()
        #expect(
            log.entries == ["start m", "text one", "observer", "text two", "text three", "finish"]
        )
    }

    /// The running task, as text (tasks compare by identity).
    private static func currentTask() -> String {
        withUnsafeCurrentTask { task in task.map { "task \($0.hashValue)" } ?? "no task" }
    }

    private static func describe(_ event: ChatStreamEvent) -> String {
        switch event {
        case .messageStart(_, let model): "start \(model)"
        case .textDelta(let text): "text \(text)"
        case .finish: "finish"
        default: "other"
        }
    }
}

/// What a test saw, in order, from whichever task saw it.
private final class EventLog: Sendable {
    private let lines = Mutex<[String]>([])

    var entries: [String] { self.lines.withLock { $0 } }

    func append(_ line: String) { self.lines.withLock { $0.append(line) } }
}

/// Runs tasks on one event loop (one thread), in the order they are enqueued.
private final class OneLoopExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
