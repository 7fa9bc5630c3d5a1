import Synchronization
import TandemCore
import TandemLLM

/// One upstream chat stream merged with its heartbeat clock, its deadline and the server's shutdown signal into a
/// single sequence of ``Item``s that the response writer reads in order.
///
/// Two tasks feed it: the pump reads the upstream ``ChatStream`` (and is cancelled, which cancels the
/// upstream request, when the relay is cancelled), and the clock yields ``Item/tick`` whenever nothing has been
/// written for a heartbeat interval, and ``Item/expired`` at the deadline. Nothing is buffered beyond what the
/// upstream delivered and the writer has not yet taken; every event is handed on as it arrives, and the writer can
/// take all that is waiting at once (``poll()``).
///
/// One task reads at a time: the handler reads the first item, then hands the relay to the response body closure,
/// which reads the rest.
final class StreamRelay: Sendable {

    /// What the writer is told next.
    enum Item: Sendable {
        /// An upstream event.
        case event(ChatStreamEvent)
        /// The upstream ended normally.
        case end
        /// The upstream failed (before content: nothing was sent yet, so the error may still be a status).
        case failure(any Error)
        /// Nothing was written for a heartbeat interval.
        case tick
        /// The request's deadline passed, or the server is shutting down and its grace period is over.
        case expired(GatewayError)
    }

    private let items: RelayQueue
    private let pump: Task<Void, Never>
    private let clock: Task<Void, Never>
    private let lastWrite: WriteClock
    private let registry: StreamRegistry
    private let registration: Int

    /// Starts relaying `stream`.
    init(_ stream: ChatStream, heartbeat: Duration, deadline: Deadline, registry: StreamRegistry) {
        let items = RelayQueue()
        self.items = items
        let lastWrite = WriteClock(StreamRelay.now())
        self.lastWrite = lastWrite
        // On the connection's executor when there is one (see ConnectionExecutor): no thread hop per token. The
        // stream's producers (the router's, then the provider's) run in this task and hand each event straight to
        // the queue.
        self.pump = Task(executorPreference: ConnectionExecutor.current) {
            do {
                try await stream.deliver { items.yield(.event($0)) }
                items.yield(.end)
            } catch {
                items.yield(.failure(error))
            }
        }
        let interval = heartbeat.totalNanoseconds
        self.clock = Task(executorPreference: ConnectionExecutor.current) {
            while !Task.isCancelled {
                let now = StreamRelay.now()
                let untilDeadline = (deadline.millisecondsSinceEpoch - Deadline.nowMilliseconds()) * 1_000_000
                if untilDeadline <= 0 {
                    items.yield(.expired(GatewayError(status: 504, message: "request timeout", type: "timeout_error")))
                    return
                }
                let due = lastWrite.value.load(ordering: .relaxed) + interval
                if now >= due {
                    items.yield(.tick)
                    // The writer notes its write; until it does, wait a whole interval before the next tick.
                    lastWrite.value.store(now, ordering: .relaxed)
                    continue
                }
                let wait = min(due - now, untilDeadline)
                do { try await CancellableSleep.sleep(for: .nanoseconds(wait)) } catch { return }
            }
        }
        self.registry = registry
        self.registration = registry.add(items)
    }

    /// The next item, waiting for one (nil once the relay was cancelled and drained, or the reader cancelled).
    func next() async -> Item? {
        await self.items.next()
    }

    /// The next item if one is already waiting.
    func poll() -> Item? {
        self.items.poll()
    }

    /// Tells the clock a frame went out (the heartbeat interval restarts).
    func noteWrite() {
        self.lastWrite.value.store(StreamRelay.now(), ordering: .relaxed)
    }

    /// Stops both tasks (cancelling the upstream request) and ends the sequence.
    func cancel() {
        self.pump.cancel()
        self.clock.cancel()
        self.registry.remove(self.registration)
        self.items.finish()
    }

    deinit {
        self.cancel()
    }

    private static func now() -> Int64 {
        let now = ContinuousClock.now.duration(to: StreamRelay.epoch)
        return -now.totalNanoseconds
    }

    private static let epoch = ContinuousClock.now
}

/// When a stream last wrote, shared by the writer and the heartbeat clock.
private final class WriteClock: Sendable {
    let value: Atomic<Int64>

    init(_ value: Int64) { self.value = Atomic(value) }
}
