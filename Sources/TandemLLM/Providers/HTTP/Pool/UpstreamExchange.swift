import NIOCore
import NIOHTTP1
import TandemCore

/// One request through the ``UpstreamConnectionPool``: what to send, the response as it arrives, the attempt's limits
/// and the promise the caller awaits.
///
/// Limits as ``UpstreamCollector`` applies them (one timer on the loop): before the head, the first-token limit;
/// after it, the idle limit between body parts; the attempt's total limit and the caller's deadline throughout. They
/// count from the attempt's start, so connecting and waiting are inside them.
///
/// A streamed exchange (`stream` set) answers the promise as soon as a 2xx head arrives, with an empty body, and
/// then passes the body's parts to `stream` as they arrive (the caller's ``AttemptWatchdog`` then owns the limits,
/// and stopping the iteration closes the connection). Any other status is collected whole, as for a whole response.
// @unchecked Sendable: every mutable field is touched only on `loop` (the pool runs the exchange there, the timer
// fires there, and ``cancel()`` hops there); the caller only reads the promise's future.
final class UpstreamExchange: @unchecked Sendable {
    let loop: any EventLoop
    let target: UpstreamTarget
    let head: HTTPRequestHead
    let body: ByteBuffer
    let timeouts: AttemptTimeouts
    let provider: String
    let promise: EventLoopPromise<UpstreamAnswer>
    /// Where a streamed exchange's body parts go.
    private let stream: AsyncThrowingStream<ByteBuffer, any Error>.Continuation?
    /// Whether a streamed exchange answered the promise with its head (its body now goes to `stream`).
    private var isStreaming = false

    /// The connection carrying the request, while it does.
    var connection: UpstreamConnection?
    /// Whether any of the response arrived (a connection that closes before that failed to connect or to send).
    private(set) var responseStarted = false
    private(set) var isDone = false
    private var buffer: UpstreamAnswerBuffer
    private var timer: Scheduled<Void>?

    init(
        loop: any EventLoop,
        target: UpstreamTarget,
        head: HTTPRequestHead,
        body: ByteBuffer,
        timeouts: AttemptTimeouts,
        provider: String,
        limit: Int,
        stream: AsyncThrowingStream<ByteBuffer, any Error>.Continuation? = nil
    ) {
        self.loop = loop
        self.target = target
        self.head = head
        self.body = body
        self.timeouts = timeouts
        self.provider = provider
        self.promise = loop.makePromise()
        self.stream = stream
        self.buffer = UpstreamAnswerBuffer(limit: limit, start: timeouts.start)
    }

    /// On the loop: arms the timer for the next limit (or fails at once if one passed).
    func check() {
        guard !self.isDone, !self.isStreaming else { return }
        switch self.buffer.verdict(self.timeouts) {
        case .expired(let limit):
            self.fail(self.timeouts.error(limit, provider: self.provider), closeConnection: true)
        case .wait(let until):
            self.timer?.cancel()
            let delay = ContinuousClock.now.duration(to: until)
            self.timer = self.loop.scheduleTask(in: .nanoseconds(max(0, delay.totalNanoseconds))) { [self] in
                self.timer = nil
                self.check()
            }
        }
    }

    /// On the loop: the response head arrived.
    func receive(_ head: HTTPResponseHead) {
        self.responseStarted = true
        self.buffer.receive(head)
        if self.stream != nil, self.buffer.isSuccess {
            self.isStreaming = true
            self.timer?.cancel()
            self.timer = nil
            self.promise.succeed(self.buffer.answer)
            return
        }
        // The idle limit may fall before the first-token limit the timer waits for.
        self.check()
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
        if !self.isStreaming { self.promise.succeed(self.buffer.answer) }
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
        if !self.isStreaming { self.promise.fail(error) }
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
        self.timer?.cancel()
        self.timer = nil
    }
}
