import AsyncHTTPClient
import NIOCore
import Synchronization
import TandemCore

/// A sleep whose cancellation frees its timer at once, for the timeouts that guard every upstream call.
///
/// `Task.sleep` on Linux leaves a cancelled sleep's timer (a task, a dispatch source and its heap entry, about
/// 600 bytes) queued until the instant it was set for: a watchdog that sleeps towards a 120 s first-token limit and
/// is cancelled after 1 ms keeps that memory for 120 s. At thousands of calls a second, with three such timers per
/// call, the gateway's heap grew by about 2 KB per request for as long as its timeouts were. This sleep schedules
/// its wake-up on an event loop (the one the caller runs on, when it runs on one) and cancels the scheduled task
/// when the sleeping task is cancelled, which removes it from the loop's timer queue.
package enum CancellableSleep {
    /// The loops the timers run on: AsyncHTTPClient's (NIO's singleton group), which the upstream calls use too.
    private static var loops: any EventLoopGroup { HTTPClient.defaultEventLoopGroup }

    /// Sleeps until `instant` (on the continuous clock).
    ///
    /// - Throws: `CancellationError` when the task is cancelled first.
    package static func sleep(until instant: ContinuousClock.Instant) async throws {
        while true {
            let remaining = ContinuousClock.now.duration(to: instant)
            guard remaining > .zero else {
                try Task.checkCancellation()
                return
            }
            // One timer covers at most a day (a `distantFuture` deadline would overflow nanoseconds); then re-arm.
            try await Self.sleepOnce(min(remaining, .seconds(86_400)))
        }
    }

    /// Sleeps for `duration`.
    ///
    /// - Throws: `CancellationError` when the task is cancelled first.
    package static func sleep(for duration: Duration) async throws {
        try await Self.sleep(until: ContinuousClock.now.advanced(by: duration))
    }

    private static func sleepOnce(_ duration: Duration) async throws {
        let timer = Timer()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let scheduled = Self.loops.any().scheduleTask(in: .nanoseconds(duration.totalNanoseconds)) {}
                scheduled.futureResult.whenComplete { result in
                    switch result {
                    case .success: continuation.resume()
                    case .failure: continuation.resume(throwing: CancellationError())
                    }
                }
                timer.armed(scheduled)
            }
        } onCancel: {
            timer.cancel()
        }
    }

    /// The scheduled wake-up, and whether the sleeping task was cancelled before it was scheduled.
    private final class Timer: Sendable {
        private enum State {
            case waiting
            case armed(Scheduled<Void>)
            case cancelled
        }

        private let state = Mutex(State.waiting)

        /// The wake-up is scheduled; cancels it at once if the task was cancelled meanwhile.
        func armed(_ scheduled: Scheduled<Void>) {
            let cancelled = self.state.withLock { state in
                if case .cancelled = state { return true }
                state = .armed(scheduled)
                return false
            }
            if cancelled { scheduled.cancel() }
        }

        /// The task was cancelled: cancels the wake-up (which resumes the sleeper with `CancellationError`).
        func cancel() {
            let scheduled: Scheduled<Void>? = self.state.withLock { state in
                defer { state = .cancelled }
                if case .armed(let scheduled) = state { return scheduled }
                return nil
            }
            scheduled?.cancel()
        }
    }
}
