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
    let limit: Int
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
    private var status = 0
    private var headers = HTTPHeaders()
    private var collected: [UInt8] = []
    private var firstTokenAt: ContinuousClock.Instant?
    private var lastActivityAt: ContinuousClock.Instant
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
        self.limit = limit
        self.promise = loop.makePromise()
        self.stream = stream
        self.lastActivityAt = timeouts.start
    }

    /// On the loop: arms the timer for the next limit (or fails at once if one passed).
    func check() {
        guard !self.isDone, !self.isStreaming else { return }
        switch self.timeouts.verdict(now: .now, firstTokenAt: self.firstTokenAt, lastActivityAt: self.lastActivityAt) {
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
        let now = ContinuousClock.now
        self.responseStarted = true
        self.firstTokenAt = now
        self.lastActivityAt = now
        self.status = Int(head.status.code)
        self.headers = head.headers
        if self.stream != nil, (200..<300).contains(self.status) {
            self.isStreaming = true
            self.timer?.cancel()
            self.timer = nil
            self.promise.succeed(UpstreamAnswer(status: self.status, headers: self.headers, body: []))
            return
        }
        if (200..<300).contains(self.status),
            let length = head.headers.first(name: "content-length").flatMap({ Int($0) }),
            length <= self.limit
        {
            self.collected.reserveCapacity(length)
        }
        // The idle limit may fall before the first-token limit the timer waits for.
        self.check()
    }

    /// On the loop: a body part arrived. Returns `false` (after failing the exchange) when a 2xx body passes the limit.
    func receive(_ part: ByteBuffer) -> Bool {
        self.responseStarted = true
        self.lastActivityAt = .now
        if self.isStreaming {
            self.stream?.yield(part)
            return true
        }
        if (200..<300).contains(self.status) {
            guard self.collected.count + part.readableBytes <= self.limit else {
                self.fail(
                    LLMError(
                        .badResponse,
                        "the response body is larger than \(self.limit) bytes",
                        provider: self.provider
                    ),
                    closeConnection: true
                )
                return false
            }
            self.collected.append(contentsOf: part.readableBytesView)
        } else if self.collected.count < HTTPUpstream.errorBodyLimit {
            self.collected.append(
                contentsOf: part.readableBytesView.prefix(HTTPUpstream.errorBodyLimit - self.collected.count)
            )
        }
        return true
    }

    /// On the loop: the response ended.
    func succeed() {
        guard !self.isDone else { return }
        self.finish()
        if self.isStreaming {
            self.stream?.finish()
        } else {
            self.promise.succeed(UpstreamAnswer(status: self.status, headers: self.headers, body: self.collected))
            self.stream?.finish()
        }
    }

    /// On the loop: fails the exchange (once), closing its connection when asked (a response cut short cannot be
    /// followed by another on the same connection).
    func fail(_ error: LLMError, closeConnection: Bool) {
        guard !self.isDone else { return }
        let connection = self.connection
        self.finish()
        if closeConnection { connection?.close() }
        var error = error
        if self.status != 0 { HTTPUpstream.annotate(&error, status: self.status, headers: self.headers) }
        if self.isStreaming {
            self.stream?.finish(throwing: error)
        } else {
            self.promise.fail(error)
            self.stream?.finish(throwing: error)
        }
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
