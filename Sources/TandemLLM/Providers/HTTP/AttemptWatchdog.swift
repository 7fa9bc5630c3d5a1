import Synchronization

/// Runs an operation while watching an ``AttemptTimeouts``: the operation marks tokens and chunks as they arrive,
/// and is cancelled (cancelling its HTTP request) with a timeout error when a limit passes.
package final class AttemptWatchdog: Sendable {
    private struct Marks {
        var firstTokenAt: ContinuousClock.Instant?
        var lastActivityAt: ContinuousClock.Instant
    }

    package let timeouts: AttemptTimeouts
    private let provider: String
    private let marks: Mutex<Marks>

    /// A watchdog over `timeouts`, naming `provider` in its errors.
    package init(timeouts: AttemptTimeouts, provider: String) {
        self.timeouts = timeouts
        self.provider = provider
        self.marks = Mutex(Marks(lastActivityAt: timeouts.start))
    }

    /// When the first token arrived, if it has.
    package var firstTokenAt: ContinuousClock.Instant? { self.marks.withLock { $0.firstTokenAt } }

    /// Bytes arrived.
    package func markActivity() {
        let now = ContinuousClock.now
        self.marks.withLock { $0.lastActivityAt = now }
    }

    /// The first token (or, for a whole response, its head) arrived.
    ///
    /// - Returns: Whether this was the first one.
    @discardableResult
    package func markFirstToken() -> Bool {
        let now = ContinuousClock.now
        return self.marks.withLock {
            $0.lastActivityAt = now
            guard $0.firstTokenAt == nil else { return false }
            $0.firstTokenAt = now
            return true
        }
    }

    /// Runs `operation`, failing with the ``LLMError`` of the first limit that passes (the operation is cancelled).
    package func run<Result: Sendable>(_ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await self.watch()
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }

    private func watch() async throws {
        while true {
            let marks = self.marks.withLock { $0 }
            let verdict = self.timeouts.verdict(
                now: .now,
                firstTokenAt: marks.firstTokenAt,
                lastActivityAt: marks.lastActivityAt
            )
            switch verdict {
            case .expired(let limit):
                throw self.timeouts.error(limit, provider: self.provider)
            case .wait(let until):
                // Before the first token the wait runs to the first-token limit, but the first token replaces it
                // with an idle limit that may come sooner: wake at least every quarter idle timeout (at most 250 ms)
                // to see it. After the first token the next limit only moves later.
                guard marks.firstTokenAt == nil else {
                    try await CancellableSleep.sleep(until: until)
                    continue
                }
                let slice = max(.milliseconds(1), min(self.timeouts.idle / 4, .milliseconds(250)))
                try await CancellableSleep.sleep(until: min(until, .now + slice))
            }
        }
    }
}
