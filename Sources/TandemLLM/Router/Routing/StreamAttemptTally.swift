import Synchronization

/// What one streaming attempt's events said so far: the usage, the model that answered, whether the model finished,
/// and how the attempt ended early if it did. The provider's producer writes it, one event at a time, while it
/// delivers the events (see ``ChatStream``'s `deliver(to:)`); the attempt reads it once the stream is over.
final class StreamAttemptTally: Sendable {
    /// How the attempt ended before its stream did.
    enum Ending: Sendable {
        /// The provider sent a terminal error after content reached the caller: it is the stream's last event.
        case late(LLMError)
        /// The provider sent an error before any content: the attempt failed (and may be retried).
        case failed(LLMError)
        /// The gate closed (a limit expired): nothing more goes to the caller.
        case closed
    }

    private struct State: Sendable {
        var usage = Usage()
        var model: String
        var finished = false
        var ending: Ending?
    }

    private let state: Mutex<State>

    /// A tally for an attempt on `model` (replaced by the model the provider names).
    init(model: String) {
        self.state = Mutex(State(model: model))
    }

    /// The usage the provider reported.
    var usage: Usage { self.state.withLock { $0.usage } }

    /// The model that answered.
    var model: String { self.state.withLock { $0.model } }

    /// Whether the provider sent its finish event.
    var finished: Bool { self.state.withLock { $0.finished } }

    /// How the attempt ended early, if it did.
    var ending: Ending? { self.state.withLock { $0.ending } }

    /// Notes what `event` tells about the answer.
    ///
    /// - Returns: `false` once the attempt ended early: the event no longer counts.
    func note(_ event: ChatStreamEvent) -> Bool {
        self.state.withLock { state in
            guard state.ending == nil else { return false }
            switch event {
            case .usage(let reported):
                state.usage = reported
            case .messageStart(_, let name):
                if !name.isEmpty { state.model = name }
            case .finish:
                state.finished = true
            default:
                break
            }
            return true
        }
    }

    /// Ends the attempt early (the first ending counts).
    func end(_ ending: Ending) {
        self.state.withLock { state in
            if state.ending == nil { state.ending = ending }
        }
    }
}
