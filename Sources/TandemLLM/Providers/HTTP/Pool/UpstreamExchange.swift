import NIOCore
import NIOHTTP1
import TandemCore

/// One request through the ``UpstreamConnectionPool``: what to send, the response as it arrives, the attempt's limits
/// and the caller waiting for the answer.
///
/// Limits as ``UpstreamCollector`` applies them: before the head, the first-token limit; after it, the idle limit
/// between body parts; the attempt's total limit and the caller's deadline throughout. They count from the attempt's
/// start, so connecting and waiting are inside them. The exchange only says when its next limit falls
/// (``nextLimit``); its ``UpstreamLoopPool`` keeps one timer for all the exchanges on its loop and calls
/// ``expireIfDue(now:)`` when it fires, so an exchange costs no timer of its own.
///
/// A streamed exchange (`stream` set) answers the caller as soon as a 2xx head arrives, with an empty body, and
/// then passes the body's parts to `stream` as they arrive (the caller's ``AttemptWatchdog`` then owns the limits,
/// and stopping the iteration closes the connection). Any other status is collected whole, as for a whole response.
// @unchecked Sendable: every mutable field is touched only on `loop` (the pool runs the exchange there, its timer
// fires there, the caller's continuation is handed over there, and ``cancel()`` hops there).
final class UpstreamExchange: @unchecked Sendable {
    /// The pool on the loop the exchange runs on.
    let pool: UpstreamLoopPool
    var loop: any EventLoop { self.pool.loop }
    let target: UpstreamTarget
    let head: HTTPRequestHead
    let body: ByteBuffer
    let timeouts: AttemptTimeouts
    let provider: String
    /// Where a streamed exchange's body parts go.
    private let stream: AsyncThrowingStream<ByteBuffer, any Error>.Continuation?
    /// Whether a streamed exchange answered the caller with its head (its body now goes to `stream`).
    private var isStreaming = false

    /// The connection carrying the request, while it does.
    var connection: UpstreamConnection?
    /// Whether any of the response arrived (a connection that closes before that failed to connect or to send).
    private(set) var responseStarted = false
    private(set) var isDone = false
    private var buffer: UpstreamAnswerBuffer
    /// The caller, once it waits (see ``wait(_:)``).
    private var waiter: UnsafeContinuation<UpstreamAnswer, any Error>?
    /// The answer or failure, when it came before the caller waited.
    private var outcome: Result<UpstreamAnswer, LLMError>?
    /// The exchange's place in its pool's list of exchanges under limits (`nil` when not in it).
    var watchIndex: Int?

    init(
        pool: UpstreamLoopPool,
        target: UpstreamTarget,
        head: HTTPRequestHead,
        body: ByteBuffer,
        timeouts: AttemptTimeouts,
        provider: String,
        limit: Int,
        stream: AsyncThrowingStream<ByteBuffer, any Error>.Continuation? = nil
    ) {
        self.pool = pool
        self.target = target
        self.head = head
        self.body = body
        self.timeouts = timeouts
        self.provider = provider
        self.stream = stream
        self.buffer = UpstreamAnswerBuffer(limit: limit, start: timeouts.start)
    }

    /// On the loop: the caller waits for the answer; it is resumed at once if the exchange already ended.
    func wait(_ continuation: UnsafeContinuation<UpstreamAnswer, any Error>) {
        if let outcome = self.outcome {
            self.outcome = nil
            continuation.resume(with: outcome.mapError { $0 })
        } else {
            self.waiter = continuation
        }
    }

    /// Whether the exchange is under limits the pool enforces: not ended, and not handed to a stream's reader.
    var isWatched: Bool { !self.isDone && !self.isStreaming }

    /// When the next limit falls.
    var nextLimit: ContinuousClock.Instant { self.next.at }

    /// The next limit and when it falls, from what arrived so far.
    private var next: (at: ContinuousClock.Instant, limit: AttemptTimeouts.Limit) {
        self.timeouts.next(firstTokenAt: self.buffer.firstTokenAt, lastActivityAt: self.buffer.lastActivityAt)
    }

    /// On the loop: fails the exchange if a limit passed by `now`.
    func expireIfDue(now: ContinuousClock.Instant) {
        guard self.isWatched else { return }
        let next = self.next
        if now >= next.at {
            self.fail(self.timeouts.error(next.limit, provider: self.provider), closeConnection: true)
        }
    }

    /// On the loop: the response head arrived.
    func receive(_ head: HTTPResponseHead) {
        self.responseStarted = true
        self.buffer.receive(head)
        if self.stream != nil, self.buffer.isSuccess {
            self.isStreaming = true
            self.pool.unwatch(self)
            self.settle(.success(self.buffer.answer))
            return
        }
        // The idle limit now counts, and may fall before the first-token limit the pool's timer waits for.
        if self.watchIndex != nil { self.pool.armLimitTimer(for: self.nextLimit) }
    }

    /// On the loop: a body part arrived (a 2xx body over the limit fails the exchange and closes its connection).
    func receive(_ part: ByteBuffer) {
        self.responseStarted = true
        if self.isStreaming {
            self.buffer.markActivity()
            self.stream?.yield(part)
        } else if !self.buffer.append(part) {
            self.fail(self.buffer.tooLarge(provider: self.provider), closeConnection: true)
        }
    }

    /// On the loop: the response ended.
    func succeed() {
        guard !self.isDone else { return }
        self.finish()
        if !self.isStreaming { self.settle(.success(self.buffer.answer)) }
        self.stream?.finish()
    }

    /// On the loop: fails the exchange (once), closing its connection when asked (a response cut short cannot be
    /// followed by another on the same connection).
    func fail(_ error: LLMError, closeConnection: Bool) {
        guard !self.isDone else { return }
        let connection = self.connection
        self.finish()
        if closeConnection { connection?.close() }
        var error = error
        if self.buffer.status != 0 {
            HTTPUpstream.annotate(&error, status: self.buffer.status, headers: self.buffer.headers)
        }
        if !self.isStreaming { self.settle(.failure(error)) }
        self.stream?.finish(throwing: error)
    }

    /// From any thread: the caller went away.
    func cancel() {
        self.loop.execute {
            self.fail(LLMError(.cancelled, "the call was cancelled", provider: self.provider), closeConnection: true)
        }
    }

    private func finish() {
        self.isDone = true
        self.connection = nil
        self.pool.unwatch(self)
    }

    /// Answers the caller, or keeps the outcome until it waits.
    private func settle(_ outcome: Result<UpstreamAnswer, LLMError>) {
        if let waiter = self.waiter {
            self.waiter = nil
            waiter.resume(with: outcome.mapError { $0 })
        } else {
            self.outcome = outcome
        }
    }
}
