import Foundation
import TandemApp
import TandemAWS
import TandemCore
import Testing

@Suite("DynamoDB idempotency store against moto (signature checking on)", .enabled(if: MotoPeer.isAvailable),
       .timeLimit(.minutes(2)))
struct DynamoDBIdempotencyStoreTests {
    static func store() async throws -> (DynamoDBIdempotencyStore, MotoPeer) {
        let moto = try #require(try await MotoPeer.get())
        let dynamo = DynamoDBClient(client: moto.client(.dynamoDB))
        let table = MotoPeer.uniqueName("idempotency")
        try await dynamo.createTable(table, partitionKey: "id")
        return (DynamoDBIdempotencyStore(client: dynamo, table: table), moto)
    }

    @Test("one conditional PutItem takes the lock; a conflict returns the holder's record; tokens guard the rest")
    func lockLifecycle() async throws {
        let (store, _) = try await Self.store()
        let now = Deadline.nowMilliseconds()
        func lock(_ token: String, expiresAt: Int64) -> IdempotencyRecord {
            IdempotencyRecord(key: "k1", status: .inProgress, expiresAt: expiresAt, payloadHash: "p", lockToken: token)
        }
        #expect(try await store.acquire(lock("t1", expiresAt: now + 10_000), now: now) == .acquired)
        guard case .existing(let held) = try await store.acquire(lock("t2", expiresAt: now + 10_000), now: now) else {
            Issue.record("a second acquire must return the holder")
            return
        }
        #expect(held == lock("t1", expiresAt: now + 10_000))
        #expect(try await store.complete(key: "k1", lockToken: "t2", result: [1], expiresAt: now + 5000) == false)
        #expect(try await store.release(key: "k1", lockToken: "t2") == false)
        #expect(try await store.complete(key: "k1", lockToken: "t1", result: Array("\"done\"".utf8), expiresAt: now + 5000))
        guard case .existing(let done) = try await store.acquire(lock("t3", expiresAt: now + 10_000), now: now) else {
            Issue.record("the completed record must answer")
            return
        }
        #expect(done.status(at: now) == .completed)
        #expect(done.result == Array("\"done\"".utf8))
        // Lapsed: taken over by the next attempt, which can release it again.
        #expect(try await store.acquire(lock("t4", expiresAt: now + 20_000), now: now + 6000) == .acquired)
        #expect(try await store.release(key: "k1", lockToken: "t4"))
        #expect(try await store.acquire(lock("t5", expiresAt: now + 20_000), now: now) == .acquired)
    }

    @Test("20 concurrent deliveries through DynamoDB run the body once and all get its result")
    func twentyConcurrentDeliveries() async throws {
        let (store, _) = try await Self.store()
        let idempotency = Idempotency(store: store, configuration: .init(keyPath: "id", localCacheCapacity: 0))
        let runs = Counter()
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await IdempotencyTests.deliverUntilDone {
                        try await idempotency.run(payload: ["id": "order-9"], deadline: .after(.seconds(30))) {
                            runs.increment()
                            try await Task.sleep(for: .milliseconds(300))
                            return UUID().uuidString
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.count == 1)
        #expect(Set(results).count == 1)
        #expect(results.count == 20)
    }

    @Test("a wrong signature is refused by moto")
    func wrongSignature() async throws {
        let (signed, moto) = try await Self.store()
        let forged = AWSCredentials(accessKeyID: moto.credentials.accessKeyID, secretAccessKey: "not-the-secret")
        let store = DynamoDBIdempotencyStore(
            client: DynamoDBClient(client: moto.client(.dynamoDB, credentials: forged)),
            table: signed.table
        )
        let now = Deadline.nowMilliseconds()
        let record = IdempotencyRecord(key: "k", status: .inProgress, expiresAt: now + 1000, lockToken: "t")
        let error = await #expect(throws: AWSServiceError.self) { _ = try await store.acquire(record, now: now) }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(try await signed.acquire(record, now: now) == .acquired)
    }
}
