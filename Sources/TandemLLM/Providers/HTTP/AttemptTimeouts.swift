import TandemCore

/// The time limits of one provider call, as a pure value: given what has happened so far, when the next limit falls
/// and which one it is.
///
/// Before the first token only the first-token limit applies (a stream's pings do not count as tokens); after it,
/// the idle limit applies between chunks. The attempt's total limit and the caller's deadline bound everything.
/// (The connect limit is the HTTP client's: AsyncHTTPClient sets it per client, and it falls inside the first-token
/// limit.)
package struct AttemptTimeouts: Sendable {
    /// A limit that can fall.
    package enum Limit: Sendable, Equatable {
        case firstToken, idle, total, deadline
    }

    /// What the watchdog should do next.
    package enum Verdict: Sendable, Equatable {
        /// Check again at this instant.
        case wait(until: ContinuousClock.Instant)
        /// This limit has passed.
        case expired(Limit)
    }

    package let start: ContinuousClock.Instant
    package let firstToken: Duration
    package let idle: Duration
    package let total: Duration
    /// The caller's deadline as time after `start`.
    package let deadline: Duration

    /// The limits of a call starting at `start`.
    package init(options: CallOptions, start: ContinuousClock.Instant = .now) {
        self.init(
            start: start,
            firstToken: options.firstTokenTimeout,
            idle: options.idleTimeout,
            total: options.totalTimeout,
            deadline: options.deadline.remaining
        )
    }

    package init(start: ContinuousClock.Instant, firstToken: Duration, idle: Duration, total: Duration, deadline: Duration) {
        self.start = start
        self.firstToken = firstToken
        self.idle = idle
        self.total = total
        self.deadline = deadline
    }

    /// The instant by which the whole attempt must end.
    package var end: ContinuousClock.Instant { self.start + min(self.total, self.deadline) }

    /// The next limit given the time of the first token (if any) and of the last chunk.
    package func verdict(
        now: ContinuousClock.Instant,
        firstTokenAt: ContinuousClock.Instant?,
        lastActivityAt: ContinuousClock.Instant
    ) -> Verdict {
        let next = self.next(firstTokenAt: firstTokenAt, lastActivityAt: lastActivityAt)
        return now >= next.at ? .expired(next.limit) : .wait(until: next.at)
    }

    /// The next limit to fall and when: the caller's deadline and the total limit throughout; the first-token limit
    /// until the first token, the idle limit (from `lastActivityAt`) after it. On a tie the deadline wins, then the
    /// total limit.
    package func next(
        firstTokenAt: ContinuousClock.Instant?,
        lastActivityAt: ContinuousClock.Instant
    ) -> (at: ContinuousClock.Instant, limit: Limit) {
        var next = (at: self.start + self.deadline, limit: Limit.deadline)
        let total = self.start + self.total
        if total < next.at { next = (total, .total) }
        let waiting: (at: ContinuousClock.Instant, limit: Limit)
        if firstTokenAt == nil {
            waiting = (self.start + self.firstToken, .firstToken)
        } else {
            waiting = (lastActivityAt + self.idle, .idle)
        }
        if waiting.at < next.at { next = waiting }
        return next
    }

    package func error(_ limit: Limit, provider: String) -> LLMError {
        switch limit {
        case .deadline:
            LLMError(.deadlineExceeded, "the caller's deadline passed", provider: provider)
        case .total:
            LLMError(.timeout, "the call took longer than \(self.total)", provider: provider)
        case .firstToken:
            LLMError(.timeout, "no first token within \(self.firstToken)", provider: provider)
        case .idle:
            LLMError(.timeout, "no data for \(self.idle) between chunks", provider: provider)
        }
    }
}
