import Foundation
import TandemCore
import TandemEvents
import TandemSQLite
import Testing

@testable import TandemApp

@Suite("Idempotency hot-path changes keep keys and records")
struct IdempotencyLayoutTests {
    @Test("a store of the key-ordered layout is migrated with its records, which still answer duplicates")
    func migratesOldLayout() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-idem-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let now = Deadline.nowMilliseconds()
        do {
            // The layout before this change: the first two migrations only.
            let old = try SQLiteDatabase(path: path)
            try old.migrate(Array(SQLiteIdempotencyStore.migrations.prefix(2)), namespace: "idempotency")
            try old.run(
                "INSERT INTO tandem_idempotency (key, status, expires_at, payload_hash, result, lock_token) "
                    + "VALUES ('done', 'COMPLETED', ?, NULL, ?, 't0'), ('held', 'INPROGRESS', ?, 'h', NULL, 't1')",
                [.integer(now + 60_000), .blob(Array("7".utf8)), .integer(now + 60_000)])
        }
        let store = try SQLiteIdempotencyStore(path: path)
        let lock = { (key: String) in
            IdempotencyRecord(key: key, status: .inProgress, expiresAt: now + 10_000, payloadHash: "h", lockToken: "new")
        }
        guard case .existing(let done) = try await store.acquire(lock("done"), now: now) else {
            Issue.record("the migrated completed record must answer")
            return
        }
        #expect(done.status(at: now) == .completed)
        #expect(done.result == Array("7".utf8))
        guard case .existing(let held) = try await store.acquire(lock("held"), now: now) else {
            Issue.record("the migrated lock must still hold")
            return
        }
        #expect(held.lockToken == "t1")
        #expect(try await store.complete(key: "held", lockToken: "t1", result: [], expiresAt: now + 1000))
        #expect(try await store.acquire(lock("fresh"), now: now) == .acquired)
        // The rows now live in a rowid table with a unique key index.
        let columns = try store.database.query("SELECT name FROM pragma_table_info('tandem_idempotency')").compactMap {
            $0[0].string
        }
        #expect(columns.first == "id")
        #expect(try store.database.query("PRAGMA cache_size").first?[0].int64 == -Int64(SQLiteIdempotencyStore.cacheKiB))
    }

    @Test("the direct key of an SQS message equals the key of its encoded form", arguments: ["messageId", "body", "md5OfBody"])
    func directKeyMatchesEncoding(path: String) throws {
        let message = try #require(BatchTestSupport.sqsEvent(count: 1).records.first)
        let idempotency = Idempotency(
            store: try SQLiteIdempotencyStore(path: ":memory:"),
            configuration: .init(namespace: "orders", keyPath: IdempotencyKeyPath(path))
        )
        let direct = try #require(idempotency.directKey(for: message))
        #expect(direct == idempotency.key(for: try JSONValueEncoder().encode(message)))
    }

    @Test("no direct key when payloads are validated, the path is nested, or the field is not provided")
    func noDirectKey() throws {
        let message = try #require(BatchTestSupport.sqsEvent(count: 1).records.first)
        let store = try SQLiteIdempotencyStore(path: ":memory:")
        let validated = Idempotency(store: store, configuration: .init(keyPath: "messageId", payloadValidationPath: "body"))
        let nested = Idempotency(store: store, configuration: .init(keyPath: "body.orderId"))
        let other = Idempotency(store: store, configuration: .init(keyPath: "attributes"))
        #expect(validated.directKey(for: message) == nil)
        #expect(nested.directKey(for: message) == nil)
        #expect(other.directKey(for: message) == nil)
    }
}

@Suite("Idempotency keys stored packed")
struct IdempotencyPackedKeyTests {
    @Test(
        "derived keys pack to 33 bytes plus the namespace, anything else stays text, and both round-trip",
        arguments: [
            "orders#" + Idempotency.hash(.string("m-1")), "#" + Idempotency.hash(.integer(7)), "live", "",
            "ns#" + String(repeating: "A", count: 64), "ns#" + String(repeating: "0", count: 63) + "g", "café#x",
        ]
    )
    func roundTrip(key: String) throws {
        let stored = SQLiteIdempotencyStore.storedKey(key)
        #expect(SQLiteIdempotencyStore.key(stored: stored) == key)
        let derived = key.utf8.count >= 65 && key.hasSuffix(Idempotency.hash(.string("m-1")))
            || key.hasSuffix(Idempotency.hash(.integer(7)))
        #expect(stored.count == (derived ? key.utf8.count - 31 : key.utf8.count + 1))
    }

    @Test("distinct keys never share stored bytes (the tag keeps packed and text forms apart)")
    func injective() {
        let hash = Idempotency.hash(.string("x"))
        let keys = ["a#" + hash, "a#" + hash.uppercased(), "a#" + hash.dropLast() + "0", "b#" + hash, "a#", "a"]
        let stored = Set(keys.map(SQLiteIdempotencyStore.storedKey))
        #expect(stored.count == Set(keys).count)
    }

    @Test("a store of the text-key layout is migrated: its records still answer, by the same keys")
    func migratesTextKeys() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-idem-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let now = Deadline.nowMilliseconds()
        let derived = "orders#" + Idempotency.hash(.string("m-1"))
        do {
            let old = try SQLiteDatabase(path: path)
            try old.migrate(Array(SQLiteIdempotencyStore.migrations.prefix(3)), namespace: "idempotency")
            try old.run(
                "INSERT INTO tandem_idempotency (key, status, expires_at, payload_hash, result, lock_token) "
                    + "VALUES (?, 'COMPLETED', ?, NULL, ?, 't0'), ('held', 'INPROGRESS', ?, 'h', NULL, 't1')",
                [.text(derived), .integer(now + 60_000), .blob(Array("7".utf8)), .integer(now + 60_000)]
            )
        }
        let store = try SQLiteIdempotencyStore(path: path)
        let lock = { (key: String) in
            IdempotencyRecord(key: key, status: .inProgress, expiresAt: now + 10_000, payloadHash: "h", lockToken: "new")
        }
        guard case .existing(let done) = try await store.acquire(lock(derived), now: now) else {
            Issue.record("the migrated completed record must answer")
            return
        }
        #expect(done.status(at: now) == .completed && done.result == Array("7".utf8))
        guard case .existing(let held) = try await store.acquire(lock("held"), now: now) else {
            Issue.record("the migrated lock must still hold")
            return
        }
        #expect(held.lockToken == "t1")
        #expect(try await store.release(key: "held", lockToken: "t1"))
        #expect(try await store.acquire(lock("held"), now: now) == .acquired)
        let stored = try store.database.query("SELECT key FROM tandem_idempotency ORDER BY id").compactMap { $0[0].blob }
        #expect(stored.first == SQLiteIdempotencyStore.storedKey(derived))
        #expect(stored.first?.count == 1 + "orders#".utf8.count + 32)
        #expect(try store.database.query("PRAGMA wal_autocheckpoint").first?[0].int64 == Int64(SQLiteIdempotencyStore.autocheckpointFrames))
    }
}
