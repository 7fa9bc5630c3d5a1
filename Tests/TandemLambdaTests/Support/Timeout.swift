/// A test ran longer than its limit.
struct TestTimeoutError: Error, CustomStringConvertible {
    var limit: Duration
    var description: String { "test did not finish within \(self.limit)" }
}

/// Runs `operation`, failing with ``TestTimeoutError`` if it takes longer than `limit`.
///
/// On timeout `onTimeout` runs first (tests use it to close sockets, so that code which does not react to
/// cancellation still returns), then the operation is cancelled; nothing can hang CI.
func withTimeout<T: Sendable>(
    _ limit: Duration,
    onTimeout: () -> Void = {},
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: TimeoutOutcome<T>.self) { group in
        group.addTask { .finished(try await operation()) }
        group.addTask {
            try await Task.sleep(for: limit)
            return .timedOut
        }
        defer { group.cancelAll() }
        switch try await group.next() {
        case .finished(let value)?:
            return value
        case .timedOut?, nil:
            onTimeout()
            throw TestTimeoutError(limit: limit)
        }
    }
}

private enum TimeoutOutcome<T: Sendable>: Sendable {
    case finished(T)
    case timedOut
}

/// Polls `condition` every millisecond until it holds.
/// - Throws: ``TestTimeoutError`` (naming `what`) after `limit`, or `CancellationError`.
func waitUntil(
    _ what: String,
    within limit: Duration = .seconds(60),
    _ condition: () -> Bool
) async throws {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: limit)
    while !condition() {
        guard clock.now < end else { throw ConditionTimeoutError(what: what, limit: limit) }
        try await Task.sleep(for: .milliseconds(1))
    }
}

/// A condition a test waited for never came true.
struct ConditionTimeoutError: Error, CustomStringConvertible {
    var what: String
    var limit: Duration
    var description: String { "gave up after \(self.limit) waiting for: \(self.what)" }
}
