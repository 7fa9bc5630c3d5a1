import Synchronization

/// Counts the units of work in flight, lets the polling loop wait for a free slot and for idleness.
final class WorkerSlots: Sendable {
    private struct State {
        var inFlight = 0
        var slotWaiters: [CheckedContinuation<Void, Never>] = []
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = max(1, limit) }

    /// Free slots now.
    var free: Int { self.limit - self.state.withLock { $0.inFlight } }

    /// Units in flight now.
    var inFlight: Int { self.state.withLock { $0.inFlight } }

    /// Takes a slot (the caller checked ``free``).
    func take() { self.state.withLock { $0.inFlight += 1 } }

    /// Returns a slot and wakes whoever waits for one (or for idleness).
    func release() {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.inFlight -= 1
            var wake = state.slotWaiters
            state.slotWaiters.removeAll()
            if state.inFlight == 0 {
                wake += state.idleWaiters
                state.idleWaiters.removeAll()
            }
            return wake
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once a slot is free.
    func waitForSlot() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = self.state.withLock { state -> Bool in
                if state.inFlight < self.limit { return true }
                state.slotWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Returns once nothing is in flight.
    func waitUntilIdle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = self.state.withLock { state -> Bool in
                if state.inFlight == 0 { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
