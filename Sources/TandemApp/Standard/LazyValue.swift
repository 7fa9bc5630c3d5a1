import Synchronization

/// A value made on first use and kept: how the standard table (and the Lambda host's gateway router) defers
/// clients, stores and models past the Lambda init phase (cold start is a product feature). A failed attempt is not
/// kept, so the next event tries again.
package final class LazyValue<Value: Sendable>: Sendable {
    private let make: @Sendable () throws -> Value
    private let state = Mutex<Value?>(nil)

    /// Wraps the function that makes the value.
    package init(_ make: @escaping @Sendable () throws -> Value) {
        self.make = make
    }

    /// The value, made now if this is the first call (callers racing the first call wait for it).
    package func get() throws -> Value {
        try self.state.withLock { state throws -> Value in
            if let value = state { return value }
            let value = try self.make()
            state = value
            return value
        }
    }

    /// Whether the value has been made (for tests of what start-up does not do).
    package var isMade: Bool { self.state.withLock { $0 != nil } }
}
