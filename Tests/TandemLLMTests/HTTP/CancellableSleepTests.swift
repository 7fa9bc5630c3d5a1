import Testing

@testable import TandemLLM

@Suite("CancellableSleep")
struct CancellableSleepTests {
    @Test("sleeps until the instant, not before")
    func sleepsUntil() async throws {
        let start = ContinuousClock.now
        try await CancellableSleep.sleep(until: start.advanced(by: .milliseconds(30)))
        #expect(ContinuousClock.now - start >= .milliseconds(30))
        try await CancellableSleep.sleep(for: .zero)
        try await CancellableSleep.sleep(until: start)
    }

    @Test("cancelling a long sleep ends it at once with CancellationError")
    func cancelled() async throws {
        let start = ContinuousClock.now
        let sleeper = Task { try await CancellableSleep.sleep(for: .seconds(600)) }
        try await Task.sleep(for: .milliseconds(20))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test("a task cancelled before it sleeps does not sleep")
    func cancelledFirst() async throws {
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await CancellableSleep.sleep(for: .seconds(600))
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test("a far-future instant (a distant deadline) neither overflows nor fires early", arguments: [
        Duration.seconds(Int64.max / 4), .seconds(86_400 * 3),
    ])
    func farFuture(_ distance: Duration) async throws {
        let sleeper = Task { try await CancellableSleep.sleep(until: ContinuousClock.now.advanced(by: distance)) }
        try await Task.sleep(for: .milliseconds(50))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test("thousands of cancelled sleeps in a row all end promptly", .timeLimit(.minutes(1)))
    func many() async throws {
        for _ in 0..<2000 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await CancellableSleep.sleep(for: .seconds(600)) }
                group.addTask {}
                try await group.next()
                group.cancelAll()
                await #expect(throws: CancellationError.self) { try await group.next() }
            }
        }
    }
}
