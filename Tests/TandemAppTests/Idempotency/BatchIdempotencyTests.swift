import Foundation
import TandemApp
import TandemCore
import TandemEvents
import Testing

@Suite("Batches with idempotency", .timeLimit(.minutes(2)))
struct BatchIdempotencyTests {
    static func idempotency(cache: Int = 0) throws -> Idempotency {
        Idempotency(
            store: try SQLiteIdempotencyStore(path: ":memory:"),
            configuration: .init(namespace: "batch", keyPath: "messageId", localCacheCapacity: cache)
        )
    }

    @Test("a redelivered batch runs only the messages not done before", arguments: [0, 64])
    func redelivery(cache: Int) async throws {
        let idempotency = try Self.idempotency(cache: cache)
        let recorder = Recorder()
        let processor = BatchProcessor()
        let first = try BatchTestSupport.sqsEvent(count: 4)
        let response = try await processor.process(first, context: BatchTestSupport.context(), idempotency: idempotency) {
            message, _ in
            recorder.begin(message.messageId)
            if message.messageId == "m2" { throw InjectedFailure(item: "m2") }
        }
        #expect(response.batchItemFailures.map(\.itemIdentifier) == ["m2"])
        // The same messages again, plus a new one: only the failed and the new message run.
        let second = try BatchTestSupport.sqsEvent(count: 5)
        let again = try await processor.process(second, context: BatchTestSupport.context(), idempotency: idempotency) {
            message, _ in recorder.begin(message.messageId)
        }
        #expect(again.batchItemFailures.isEmpty)
        #expect(recorder.events == ["m0", "m1", "m2", "m3", "m2", "m4"])
    }

    @Test("two workers with the same batch: every message runs once; the loser's are retryable failures")
    func concurrentBatches() async throws {
        let idempotency = try Self.idempotency()
        let runs = Counter()
        let event = try BatchTestSupport.sqsEvent(count: 6)
        let processor = BatchProcessor(.init(failInvocationWhenAllFail: false))
        let results = await withTaskGroup(of: BatchResult.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    await processor.process(messages: event.records, context: BatchTestSupport.context(), idempotency: idempotency) {
                        _, _ in
                        runs.increment()
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.count == 6)
        for result in results {
            for outcome in result.outcomes {
                if case .failed(let error) = outcome {
                    #expect((error as? IdempotencyError)?.isRetryable == true)
                }
            }
        }
        // Redelivering the whole batch now runs nothing and succeeds.
        let after = await processor.process(messages: event.records, context: BatchTestSupport.context(), idempotency: idempotency) {
            _, _ in runs.increment()
        }
        #expect(after.succeededCount == 6)
        #expect(runs.count == 6)
    }

    @Test("records skipped at the deadline release their locks, so the next delivery runs them")
    func deadlineReleases() async throws {
        let idempotency = try Self.idempotency()
        let event = try BatchTestSupport.sqsEvent(count: 3)
        let processor = BatchProcessor(.init(deadlineMargin: .seconds(3), failInvocationWhenAllFail: false))
        let rushed = await processor.process(
            messages: event.records,
            context: BatchTestSupport.context(deadline: .after(.seconds(1))),
            idempotency: idempotency
        ) { _, _ in Issue.record("nothing should start") }
        #expect(rushed.skippedCount == 3)
        let recorder = Recorder()
        let calm = await processor.process(messages: event.records, context: BatchTestSupport.context(), idempotency: idempotency) {
            message, _ in recorder.begin(message.messageId)
        }
        #expect(calm.succeededCount == 3)
        #expect(recorder.events == ["m0", "m1", "m2"])
    }
}
