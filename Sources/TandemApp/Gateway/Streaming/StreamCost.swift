import Synchronization
import TandemLLM

/// What a streamed answer cost, as the router reports it once the stream has ended (it prices the deployment that
/// answered), for the key's spend. Nil until then, and when nothing priced it.
final class StreamCost: Sendable {
    private let value = Mutex<Cost?>(nil)

    /// Keeps the router's price of the stream.
    func record(_ cost: Cost?) {
        self.value.withLock { $0 = cost }
    }

    /// The cost reported so far.
    var current: Cost? { self.value.withLock { $0 } }
}
