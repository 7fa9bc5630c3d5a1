import NIOCore
import Synchronization

/// The items a ``StreamRelay`` has for its writer: many producers (the pump, the heartbeat clock, a shutdown), one
/// reader, which can take what is already waiting without suspending (``poll()``), so that events that arrived
/// together go out in one write.
///
/// Unbounded like the `AsyncStream` it replaces: it holds only what the upstream delivered and the writer has not
/// yet taken, and the writer takes everything waiting each time it writes.
final class RelayQueue: Sendable {
    private struct State {
        var items = CircularBuffer<StreamRelay.Item>()
        var waiter: CheckedContinuation<StreamRelay.Item?, Never>?
        /// Set by ``finish()`` or by cancelling the reader: nothing more is taken in, and the reader gets `nil` once
        /// the queue is empty.
        var isFinished = false
    }

    private let state = Mutex(State())

    /// Appends `item`, or hands it to the waiting reader; dropped once the queue is finished.
    func yield(_ item: StreamRelay.Item) {
        let waiter: CheckedContinuation<StreamRelay.Item?, Never>? = self.state.withLock { state in
            guard !state.isFinished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.items.append(item)
            return nil
        }
        waiter?.resume(returning: item)
    }

    /// Ends the queue: the reader gets what is left, then `nil`.
    func finish() {
        // A reader waits only on an empty queue.
        let waiter = self.state.withLock { state in
            state.isFinished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The next item, waiting for one if none is queued; `nil` once the queue is finished and empty, or when the
    /// reading task is cancelled (which finishes the queue).
    func next() async -> StreamRelay.Item? {
        if let item = self.poll() { return item }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<StreamRelay.Item?, Never>) in
                let ready: StreamRelay.Item?? = self.state.withLock { state in
                    if let item = state.items.popFirst() { return .some(item) }
                    if state.isFinished || Task.isCancelled {
                        state.isFinished = true
                        return .some(nil)
                    }
                    state.waiter = continuation
                    return .none
                }
                if case .some(let item) = ready { continuation.resume(returning: item) }
            }
        } onCancel: {
            self.finish()
        }
    }

    /// The next item if one is already queued, without waiting.
    func poll() -> StreamRelay.Item? {
        self.state.withLock { $0.items.popFirst() }
    }
}
