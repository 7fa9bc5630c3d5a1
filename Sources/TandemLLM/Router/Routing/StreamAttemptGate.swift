import Synchronization
import TandemCore

/// The gate between one streaming attempt and the caller: it holds events back until the first content (so a
/// failed attempt leaves no trace and may be retried), then forwards them; it knows which timeout is due (first
/// token before the first content, idle between events after it, the attempt's total time, the caller's deadline)
/// and, once one expired or a terminal error was sent, lets nothing else through.
final class StreamAttemptGate: Sendable {
    /// The limit that expired.
    enum Limit: Sendable, Hashable {
        case firstToken, idle, total, deadline
    }

    private struct State: Sendable {
        var buffer: [ChatStreamEvent] = []
        var committed = false
        var closed = false
        var expired: Limit?
        var lastEvent: ContinuousClock.Instant
        var firstContent: Duration?
        var terminalError: LLMError?
    }

    private let continuation: ChatStream.Continuation
    private let state: Mutex<State>
    private let start: ContinuousClock.Instant
    private let firstTokenEnd: ContinuousClock.Instant
    private let totalEnd: ContinuousClock.Instant
    private let deadlineEnd: ContinuousClock.Instant
    private let idleTimeout: Duration

    init(continuation: ChatStream.Continuation, options: CallOptions) {
        let now = ContinuousClock.now
        self.continuation = continuation
        self.start = now
        self.firstTokenEnd = now.advanced(by: options.firstTokenTimeout)
        self.totalEnd = now.advanced(by: options.totalTimeout)
        self.deadlineEnd = now.advanced(by: options.deadline.remaining)
        self.idleTimeout = options.idleTimeout
        self.state = Mutex(State(lastEvent: now))
    }

    /// Whether content reached the caller.
    var isCommitted: Bool { self.state.withLock { $0.committed } }

    /// The limit that expired, if one did.
    var expired: Limit? { self.state.withLock { $0.expired } }

    /// The terminal error sent to the caller, if one was.
    var terminalError: LLMError? { self.state.withLock { $0.terminalError } }

    /// Time from the start of the attempt to its first content.
    var firstContent: Duration? { self.state.withLock { $0.firstContent } }

    /// Passes `event` on (or holds it until the first content).
    ///
    /// - Returns: `false` once the gate is closed: the consumer must stop.
    func forward(_ event: ChatStreamEvent) -> Bool {
        let now = ContinuousClock.now
        return self.state.withLock { state in
            guard !state.closed else { return false }
            state.lastEvent = now
            if state.committed {
                self.continuation.yield(event)
                return true
            }
            guard Self.commits(event) else {
                state.buffer.append(event)
                return true
            }
            state.committed = true
            state.firstContent = self.start.duration(to: now)
            for held in state.buffer { self.continuation.yield(held) }
            state.buffer = []
            self.continuation.yield(event)
            return true
        }
    }

    /// Ends the caller's stream with `error` as a terminal event, if content already reached it.
    ///
    /// - Returns: Whether the error was sent (content had been delivered); `false` means the attempt may be retried
    ///   (or the gate was already closed).
    func failIfCommitted(_ error: LLMError) -> Bool {
        self.state.withLock { state in
            guard state.committed, !state.closed else { return false }
            state.closed = true
            state.terminalError = error
            self.continuation.yield(.error(error))
            return true
        }
    }

    /// Waits until a limit expires, then closes the gate.
    ///
    /// The first content replaces the first-token limit with an idle limit that may come sooner, so the wait is
    /// cut into slices of at most a quarter of the idle timeout (and 250 ms): an expiry is seen at most one slice
    /// late.
    ///
    /// - Returns: The limit that expired.
    /// - Throws: `CancellationError` when the attempt ended first.
    func watch() async throws -> Limit {
        let slice = max(.milliseconds(1), min(self.idleTimeout / 4, .milliseconds(250)))
        while true {
            let now = ContinuousClock.now
            let (expired, next) = self.check(now: now)
            if let expired { return expired }
            try await CancellableSleep.sleep(until: min(next, now.advanced(by: slice)))
        }
    }

    private func check(now: ContinuousClock.Instant) -> (Limit?, ContinuousClock.Instant) {
        self.state.withLock { state in
            var limits: [(ContinuousClock.Instant, Limit)] = [(self.totalEnd, .total), (self.deadlineEnd, .deadline)]
            if state.committed {
                limits.append((state.lastEvent.advanced(by: self.idleTimeout), .idle))
            } else {
                limits.append((self.firstTokenEnd, .firstToken))
            }
            let (end, limit) = limits.min { $0.0 < $1.0 }!
            guard now >= end else { return (nil, end) }
            if state.expired == nil {
                state.expired = limit
                if !state.committed { state.closed = true }
            }
            return (state.expired, end)
        }
    }

    /// Whether `event` is content (or the end of an empty answer): the point after which a retry would repeat
    /// something the caller already has.
    static func commits(_ event: ChatStreamEvent) -> Bool {
        switch event {
        case .textDelta, .reasoningDelta, .toolCallStart, .toolCallArgumentsDelta, .finish: return true
        case .messageStart, .reasoningSignature, .toolCallEnd, .usage, .error: return false
        }
    }
}
