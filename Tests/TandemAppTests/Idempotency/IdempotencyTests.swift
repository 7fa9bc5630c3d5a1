import Foundation
import Synchronization
import TandemApp
import TandemCore
import TandemEvents
import TandemSQLite
import Testing

@Suite("Idempotency", .timeLimit(.minutes(2)))
struct IdempotencyTests {
    struct Receipt: Codable, Sendable, Hashable {
        var id: String
        var runs: Int
    }

    /// A database file in a fresh temporary directory (removed by the caller).
    static func temporaryDatabasePath() throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-idem-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent("state.sqlite").path)
    }

    /// Calls `run` until it stops failing with "already in progress", as a redelivering queue would.
    static func deliverUntilDone<Output: Sendable>(_ run: () async throws -> Output) async throws -> Output {
        while true {
            do {
                return try await run()
            } catch let error as IdempotencyError where error.isRetryable {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    @Test("the same message delivered 20 times concurrently runs the body once; all 20 get its result",
          arguments: [0, 1024])
    func twentyConcurrentDeliveries(cacheCapacity: Int) async throws {
        let (directory, path) = try Self.temporaryDatabasePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteIdempotencyStore(path: path)
        let idempotency = Idempotency(
            store: store,
            configuration: .init(namespace: "orders", keyPath: "body.orderId", localCacheCapacity: cacheCapacity)
        )
        var template = try BatchTestSupport.sqsEvent(count: 1).records[0]
        template.body = #"{"orderId": "o-17", "amount": 12}"#
        let runs = Counter()
        let results = try await withThrowingTaskGroup(of: Receipt.self) { group in
            for delivery in 0..<20 {
                var message = template
                // Each delivery is a new receipt of the same message: the key path ignores what differs.
                message.receiptHandle = "receipt-\(delivery)"
                message.attributes.approximateReceiveCount = delivery + 1
                let delivered = message
                group.addTask {
                    try await Self.deliverUntilDone {
                        try await idempotency.run(event: delivered, deadline: .after(.seconds(30))) {
                            let run = runs.increment()
                            try await Task.sleep(for: .milliseconds(200))
                            return Receipt(id: UUID().uuidString, runs: run)
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.count == 1)
        #expect(results.count == 20)
        #expect(Set(results).count == 1)
        #expect(results[0].runs == 1)
    }

    @Test("a crash between lock and completion: the lock lapses with the deadline and the next delivery runs")
    func crashedHolder() async throws {
        let (directory, path) = try Self.temporaryDatabasePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let payload: JSONValue = ["id": "doc-1", "text": "hello"]
        let firstDeadline = Deadline.after(.milliseconds(1500))

        // The first worker takes the lock and then hangs (as good as crashed: it never completes or releases).
        let crashed = try SQLiteIdempotencyStore(path: path)
        let hung = Task {
            try await Idempotency(store: crashed).run(payload: payload, deadline: firstDeadline) {
                try await Task.sleep(for: .seconds(60))
                return "first"
            }
        }
        while try crashed.database.query("SELECT 1 FROM tandem_idempotency").isEmpty {
            try await Task.sleep(for: .milliseconds(5))
        }

        // Another process (its own connection to the file) gets a redelivery while the lock is held.
        let other = Idempotency(store: try SQLiteIdempotencyStore(path: path))
        let runs = Counter()
        let busy = await #expect(throws: IdempotencyError.self) {
            _ = try await other.run(payload: payload, deadline: .after(.seconds(30))) { () -> String in
                runs.increment()
                return "second"
            }
        }
        #expect(busy?.code == IdempotencyError.alreadyInProgress)
        #expect(busy?.isRetryable == true)
        #expect(busy?.lockExpiresAt == firstDeadline.millisecondsSinceEpoch)

        // After the first delivery's deadline the lock has lapsed: the next delivery runs.
        try await Task.sleep(for: firstDeadline.remaining + .milliseconds(50))
        let second: String = try await other.run(payload: payload, deadline: .after(.seconds(30))) {
            runs.increment()
            return "second"
        }
        #expect(second == "second")
        let again: String = try await other.run(payload: payload, deadline: .after(.seconds(30))) {
            runs.increment()
            return "third"
        }
        #expect(again == "second")
        #expect(runs.count == 1)

        // The hung worker wakes up failing: its release must not remove the new holder's completed record.
        hung.cancel()
        await #expect(throws: CancellationError.self) { _ = try await hung.value }
        let rows = try crashed.database.query("SELECT status FROM tandem_idempotency")
        #expect(rows.map { $0[0] } == [.text("COMPLETED")])
    }

    @Test("a failed attempt releases the lock, so the next delivery runs the body")
    func failureReleases() async throws {
        let idempotency = Idempotency(store: try SQLiteIdempotencyStore(path: ":memory:"))
        let payload: JSONValue = ["n": 1]
        let runs = Counter()
        await #expect(throws: InjectedFailure.self) {
            let _: Int = try await idempotency.run(payload: payload, deadline: .after(.seconds(30))) {
                runs.increment()
                throw InjectedFailure(item: "first")
            }
        }
        let value: Int = try await idempotency.run(payload: payload, deadline: .after(.seconds(30))) {
            runs.increment()
            return 42
        }
        #expect(value == 42)
        #expect(runs.count == 2)
    }

    @Test("completed results expire after the configured time, then the body runs again")
    func expiry() async throws {
        let idempotency = Idempotency(
            store: try SQLiteIdempotencyStore(path: ":memory:"),
            configuration: .init(expiry: .seconds(1))
        )
        let runs = Counter()
        let run = {
            let _: Int = try await idempotency.run(payload: ["k": "v"], deadline: .after(.seconds(30))) {
                runs.increment()
            }
        }
        try await run()
        try await run()
        #expect(runs.count == 1)
        try await Task.sleep(for: .milliseconds(1200))
        try await run()
        #expect(runs.count == 2)
    }

    @Test("payload validation: the same key with a different payload is refused")
    func payloadValidation() async throws {
        let idempotency = Idempotency(
            store: try SQLiteIdempotencyStore(path: ":memory:"),
            configuration: .init(keyPath: "id", payloadValidationPath: "amount")
        )
        let first: String = try await idempotency.run(payload: ["id": "p1", "amount": 10], deadline: .after(.seconds(30))) {
            "charged 10"
        }
        let duplicate: String = try await idempotency.run(
            payload: ["id": "p1", "amount": 10, "note": "resent"],
            deadline: .after(.seconds(30))
        ) { "charged again" }
        #expect(first == "charged 10")
        #expect(duplicate == "charged 10")
        let mismatch = await #expect(throws: IdempotencyError.self) {
            let _: String = try await idempotency.run(payload: ["id": "p1", "amount": 99], deadline: .after(.seconds(30))) {
                "charged 99"
            }
        }
        #expect(mismatch?.code == IdempotencyError.payloadMismatch)
    }

    @Test("a missing key runs without idempotency, or fails when a key is required")
    func missingKey() async throws {
        let store = try SQLiteIdempotencyStore(path: ":memory:")
        let lenient = Idempotency(store: store, configuration: .init(keyPath: "body.orderId"))
        let runs = Counter()
        for _ in 0..<2 {
            let _: Int = try await lenient.run(payload: ["body": "not json"], deadline: .after(.seconds(30))) {
                runs.increment()
            }
        }
        #expect(runs.count == 2)
        let strict = Idempotency(store: store, configuration: .init(keyPath: "body.orderId", requiresKey: true))
        let error = await #expect(throws: IdempotencyError.self) {
            let _: Int = try await strict.run(payload: ["body": #"{"other": 1}"#], deadline: .after(.seconds(30))) { 1 }
        }
        #expect(error?.code == IdempotencyError.missingKey)
    }

    @Test("keys: canonical JSON, so key order and spacing do not matter; namespaces separate handlers")
    func keys() throws {
        let store = try SQLiteIdempotencyStore(path: ":memory:")
        let a = Idempotency(store: store, configuration: .init(namespace: "a"))
        let first = try JSONValue(parsing: #"{"b": [true, null], "a": 1, "c": "x/y"}"#)
        let second = try JSONValue(parsing: #"{"c":"x/y","a":1,"b":[true,null]}"#)
        #expect(a.key(for: first) == a.key(for: second))
        // SHA-256 of {"a":1,"b":[true,null],"c":"x/y"}, computed independently with Python's hashlib.
        #expect(a.key(for: first) == "a#e8db6f76f11d06df8c9b18433c20f4ec6b65653a1e18cb92bef4329548c04391")
        let b = Idempotency(store: store, configuration: .init(namespace: "b"))
        #expect(b.key(for: first) != a.key(for: first))
    }

    @Test("key paths read nested fields, array indexes and JSON held in strings", arguments: [
        ("body.order.id", "o-1"), ("items.1", "second"), ("items[0]", "first"), ("body.tags[1]", "y"),
    ])
    func keyPaths(path: String, expected: String) throws {
        let event: JSONValue = [
            "body": #"{"order": {"id": "o-1"}, "tags": ["x", "y"]}"#,
            "items": ["first", "second"],
        ]
        #expect(IdempotencyKeyPath(path).resolve(in: event) == .string(expected))
        #expect(IdempotencyKeyPath("body.order.missing").resolve(in: event) == nil)
        #expect(IdempotencyKeyPath("items.7").resolve(in: event) == nil)
    }
}
