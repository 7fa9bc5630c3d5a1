import Synchronization

/// A value shared between a handler running inside the runtime and the test that observes it.
final class Locked<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) { self.storage = Mutex(value) }

    var value: Value { self.storage.withLock { $0 } }

    @discardableResult
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { self.storage.withLock { body(&$0) } }
}
