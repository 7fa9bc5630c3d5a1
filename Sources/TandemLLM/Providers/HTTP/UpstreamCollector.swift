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
    private let limit: Int
    /// The status, once the head arrived (0 before).
    private(set) var status = 0
    private(set) var headers = HTTPHeaders()
    private var body: [UInt8] = []
    private var firstTokenAt: ContinuousClock.Instant?
    private var lastActivityAt: ContinuousClock.Instant
    private let timer = Mutex(Timer.idle)

    /// A collector for one attempt: a 2xx body of at most `limit` bytes.
    init(timeouts: AttemptTimeouts, provider: String, limit: Int) {
        self.timeouts = timeouts
        self.provider = provider
        self.limit = limit
        self.lastActivityAt = timeouts.start
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
        let verdict = self.timeouts.verdict(
            now: .now,
            firstTokenAt: self.firstTokenAt,
            lastActivityAt: self.lastActivityAt
        )
        self.schedule(verdict, task: task)
    }

    func didReceiveHead(task: HTTPClient.Task<UpstreamAnswer>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        let now = ContinuousClock.now
        self.firstTokenAt = now
        self.lastActivityAt = now
        self.status = Int(head.status.code)
        self.headers = head.headers
        if (200..<300).contains(self.status),
            let length = head.headers.first(name: "content-length").flatMap({ Int($0) }),
            length <= self.limit
        {
            self.body.reserveCapacity(length)
        }
        // The idle limit may fall before the first-token limit the timer waits for: re-arm. (Body parts only move
        // the idle limit later, so the timer, when it fires, finds the new instant and waits again.)
        self.check(task)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<UpstreamAnswer>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        self.lastActivityAt = .now
        if (200..<300).contains(self.status) {
            guard self.body.count + buffer.readableBytes <= self.limit else {
                return task.eventLoop.makeFailedFuture(
                    LLMError(
                        .badResponse,
                        "the response body is larger than \(self.limit) bytes",
                        provider: self.provider
                    )
                )
            }
            self.body.append(contentsOf: buffer.readableBytesView)
        } else if self.body.count < HTTPUpstream.errorBodyLimit {
            self.body.append(contentsOf: buffer.readableBytesView.prefix(HTTPUpstream.errorBodyLimit - self.body.count))
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<UpstreamAnswer>) throws -> UpstreamAnswer {
        self.disarm()
        return UpstreamAnswer(status: self.status, headers: self.headers, body: self.body)
    }
}
