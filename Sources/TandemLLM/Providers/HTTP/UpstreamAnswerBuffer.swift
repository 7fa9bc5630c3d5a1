import NIOCore
import NIOHTTP1

/// A whole upstream answer as it arrives, with the instants an attempt's limits count from: what both clients of a
/// non-streamed call keep (``UpstreamCollector`` over AsyncHTTPClient, ``UpstreamExchange`` in the pool).
///
/// A 2xx body is kept whole up to `limit`; any other status keeps its first ``HTTPUpstream/errorBodyLimit`` bytes,
/// enough for the provider's error. A whole response's head is its first token.
struct UpstreamAnswerBuffer {
    /// The largest 2xx body accepted.
    let limit: Int
    /// The status, once the head arrived (0 before).
    private(set) var status = 0
    private(set) var headers = HTTPHeaders()
    private(set) var body: [UInt8] = []
    private(set) var firstTokenAt: ContinuousClock.Instant?
    private(set) var lastActivityAt: ContinuousClock.Instant

    /// An empty answer for an attempt that started at `start`.
    init(limit: Int, start: ContinuousClock.Instant) {
        self.limit = limit
        self.lastActivityAt = start
    }

    /// Whether the status is 2xx.
    var isSuccess: Bool { (200..<300).contains(self.status) }

    /// What arrived so far.
    var answer: UpstreamAnswer { UpstreamAnswer(status: self.status, headers: self.headers, body: self.body) }

    /// The head arrived.
    mutating func receive(_ head: HTTPResponseHead) {
        let now = ContinuousClock.now
        self.firstTokenAt = now
        self.lastActivityAt = now
        self.status = Int(head.status.code)
        self.headers = head.headers
        if self.isSuccess,
            let length = head.headers.first(name: "content-length").flatMap({ Int($0) }),
            length <= self.limit
        {
            self.body.reserveCapacity(length)
        }
    }

    /// Bytes arrived that are not kept here (a streamed body's parts go on to its reader).
    mutating func markActivity() {
        self.lastActivityAt = .now
    }

    /// A body part arrived.
    ///
    /// - Returns: `false` when a 2xx body would pass `limit` (the part is not kept; see ``tooLarge(provider:)``).
    mutating func append(_ part: ByteBuffer) -> Bool {
        self.lastActivityAt = .now
        if self.isSuccess {
            guard self.body.count + part.readableBytes <= self.limit else { return false }
            self.body.append(contentsOf: part.readableBytesView)
        } else if self.body.count < HTTPUpstream.errorBodyLimit {
            self.body.append(contentsOf: part.readableBytesView.prefix(HTTPUpstream.errorBodyLimit - self.body.count))
        }
        return true
    }

    /// The error for a 2xx body over `limit`.
    func tooLarge(provider: String) -> LLMError {
        LLMError(.badResponse, "the response body is larger than \(self.limit) bytes", provider: provider)
    }

    /// The attempt's next limit, counted from what arrived so far.
    func verdict(_ timeouts: AttemptTimeouts) -> AttemptTimeouts.Verdict {
        timeouts.verdict(now: .now, firstTokenAt: self.firstTokenAt, lastActivityAt: self.lastActivityAt)
    }
}
