import Synchronization
public import TandemCore

/// Requests-per-minute and tokens-per-minute windows per principal: a fixed one-minute window per key, counted in
/// memory (each gateway replica limits on its own).
public final class RateLimiter: Sendable {
    private struct Window {
        var start: Int64
        var requests: Int
        var tokens: Int
    }

    private let windows = Mutex<[String: Window]>([:])
    private let windowMilliseconds: Int64 = 60_000
    private let now: @Sendable () -> Int64

    /// A limiter; `now` gives milliseconds (tests pass a fake clock).
    public init(now: @escaping @Sendable () -> Int64 = { Deadline.nowMilliseconds() }) {
        self.now = now
    }

    /// Admits one request, or says how long until the window has room.
    ///
    /// - Returns: `nil` when admitted (and counted), else the reason (`rpm` or `tpm`) and the wait.
    public func admit(_ principal: Principal) -> (reason: String, retryAfter: Duration)? {
        guard principal.requestsPerMinute != nil || principal.tokensPerMinute != nil else { return nil }
        let now = self.now()
        return self.windows.withLock { windows in
            var window = windows[principal.id] ?? Window(start: now, requests: 0, tokens: 0)
            if now - window.start >= self.windowMilliseconds { window = Window(start: now, requests: 0, tokens: 0) }
            let wait = Duration.milliseconds(window.start + self.windowMilliseconds - now)
            if let rpm = principal.requestsPerMinute, window.requests >= rpm { return ("rpm", wait) }
            if let tpm = principal.tokensPerMinute, window.tokens >= tpm { return ("tpm", wait) }
            window.requests += 1
            windows[principal.id] = window
            return nil
        }
    }

    /// Counts tokens a finished request used against its principal's window.
    public func record(tokens: Int, for principal: Principal) {
        guard principal.tokensPerMinute != nil, tokens > 0 else { return }
        let now = self.now()
        self.windows.withLock { windows in
            var window = windows[principal.id] ?? Window(start: now, requests: 0, tokens: 0)
            if now - window.start >= self.windowMilliseconds { window = Window(start: now, requests: 0, tokens: 0) }
            window.tokens += tokens
            windows[principal.id] = window
        }
    }
}
