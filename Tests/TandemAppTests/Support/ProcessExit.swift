import Foundation
import Synchronization

/// Waits for a child process without holding a thread of the concurrency pool (`Process.waitUntilExit` blocks its
/// thread, and on two cores that starves every other test): Foundation runs the termination handler on a thread of
/// its own, which resumes the waiting tasks.
final class ProcessExit: Sendable {
    private let state = Mutex<(exited: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Watches `process`; create it before `process.run()`, so an early exit is not missed.
    init(_ process: Process) {
        process.terminationHandler = { [self] _ in
            let waiters = self.state.withLock { state in
                state.exited = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Returns once the process has exited (at once if it already has).
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let exited = self.state.withLock { state in
                if !state.exited { state.waiters.append(continuation) }
                return state.exited
            }
            if exited { continuation.resume() }
        }
    }
}
