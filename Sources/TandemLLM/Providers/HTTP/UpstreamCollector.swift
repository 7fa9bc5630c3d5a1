import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization
import TandemCore

/// Collects a whole upstream response on the request's event loop, through AsyncHTTPClient's delegate API, and
/// enforces one attempt's ``AttemptTimeouts`` with a single timer on that loop.
///
/// The async API (`HTTPClient.execute(_:deadline:)` and its body sequence) costs a task, an actor and an
/// async-sequence bridge per request, and the ``AttemptWatchdog`` two more tasks and a timer for each of the head and
/// the body; here the whole exchange runs on the connection's loop and the caller awaits one future.
///
/// Limits as ``AttemptWatchdog`` applies them: before the head, the first-token limit (a whole response's head is
/// its first token); after it, the idle limit between body parts; the attempt's total limit and the caller's
/// deadline throughout. A limit that passes fails the request with the limit's ``LLMError``.
// @unchecked Sendable: the response state is touched only on the task's event loop (AsyncHTTPClient calls every
// delegate method there, and the timer fires there) and read by the caller only after the task's future completed;
// the timer handle is behind a mutex.
final class UpstreamCollector: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = UpstreamAnswer

    private enum Timer {
        case idle
        case armed(Scheduled<Void>)
        case done
    }

    private let timeouts: AttemptTimeouts
    private let provider: String
    private var buffer: UpstreamAnswerBuffer
    private let timer = Mutex(Timer.idle)

    /// The status, once the head arrived (0 before).
    var status: Int { self.buffer.status }
    /// The headers, once the head arrived.
    var headers: HTTPHeaders { self.buffer.headers }

    /// A collector for one attempt: a 2xx body of at most `limit` bytes.
    init(timeouts: AttemptTimeouts, provider: String, limit: Int) {
        self.timeouts = timeouts
        self.provider = provider
        self.buffer = UpstreamAnswerBuffer(limit: limit, start: timeouts.start)
    }

    /// The request head went out (on the loop): the timer starts. Its limits count from the attempt's start; until
    /// then (connecting, waiting for a pooled connection) the client's connect timeout and the request's deadline,
    /// which is the attempt's end, apply. Arming here keeps the timer's scheduling on the loop (scheduling from
    /// another thread would wake the loop once more per request).
    func didSendRequestHead(task: HTTPClient.Task<UpstreamAnswer>, _ head: HTTPRequestHead) {
        self.check(task)
    }

    /// Stops the timer (the task completed).
    func disarm() {
        let scheduled: Scheduled<Void>? = self.timer.withLock { timer in
            defer { timer = .done }
            if case .armed(let scheduled) = timer { return scheduled }
            return nil
        }
        scheduled?.cancel()
    }

    private func schedule(_ verdict: AttemptTimeouts.Verdict, task: HTTPClient.Task<UpstreamAnswer>) {
        switch verdict {
        case .expired(let limit):
            guard
                self.timer.withLock({ timer in
                    if case .done = timer { return false }
                    timer = .done
                    return true
                })
            else { return }
            task.fail(reason: self.timeouts.error(limit, provider: self.provider))
        case .wait(let until):
            let delay = ContinuousClock.now.duration(to: until)
            self.timer.withLock { timer in
                if case .done = timer { return }
                if case .armed(let previous) = timer { previous.cancel() }
                let scheduled = task.eventLoop.scheduleTask(in: .nanoseconds(max(0, delay.totalNanoseconds))) {
                    self.check(task)
                }
                timer = .armed(scheduled)
            }
        }
    }

    /// On the loop: fails the task if a limit passed, else (re)arms the timer for the next one.
    private func check(_ task: HTTPClient.Task<UpstreamAnswer>) {
        self.schedule(self.buffer.verdict(self.timeouts), task: task)
    }

    func didReceiveHead(task: HTTPClient.Task<UpstreamAnswer>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        self.buffer.receive(head)
        // The idle limit may fall before the first-token limit the timer waits for: re-arm. (Body parts only move
        // the idle limit later, so the timer, when it fires, finds the new instant and waits again.)
        self.check(task)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<UpstreamAnswer>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        guard self.buffer.append(buffer) else {
            return task.eventLoop.makeFailedFuture(self.buffer.tooLarge(provider: self.provider))
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<UpstreamAnswer>) throws -> UpstreamAnswer {
        self.disarm()
        return self.buffer.answer
    }
}
