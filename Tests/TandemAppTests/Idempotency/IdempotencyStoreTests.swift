import TandemApp
import TandemCore
import TandemSQLite
import Testing

@testable import TandemApp

@Suite("SQLite idempotency store and local cache")
struct IdempotencyStoreTests {
    static func lock(_ key: String, token: String, expiresAt: Int64) -> IdempotencyRecord {
        IdempotencyRecord(key: key, status: .inProgress, expiresAt: expiresAt, payloadHash: "h", lockToken: token)
    }

    @Test("acquire, conflict, complete and release follow the lock token")
    func lockLifecycle() async throws {
        let store = try SQLiteIdempotencyStore(path: ":memory:")
        let now = Deadline.nowMilliseconds()
        #expect(try await store.acquire(Self.lock("k", token: "t1", expiresAt: now + 10_000), now: now) == .acquired)
        guard case .existing(let held) = try await store.acquire(Self.lock("k", token: "t2", expiresAt: now + 10_000), now: now)
        else {
            Issue.record("a second acquire must see the first lock")
            return
        }
        #expect(held.lockToken == "t1")
        #expect(held.status(at: now) == .inProgress)
        #expect(held.payloadHash == "h")
        // Only the holder can complete or release.
        #expect(try await store.complete(key: "k", lockToken: "t2", result: [1], expiresAt: now + 5000) == false)
        #expect(try await store.release(key: "k", lockToken: "t2") == false)
        #expect(try await store.complete(key: "k", lockToken: "t1", result: Array("42".utf8), expiresAt: now + 5000))
        // A completed record can no longer be released.
        #expect(try await store.release(key: "k", lockToken: "t1") == false)
        guard case .existing(let done) = try await store.acquire(Self.lock("k", token: "t3", expiresAt: now + 10_000), now: now)
        else {
            Issue.record("the completed record must answer")
            return
        }
        #expect(done.status(at: now) == .completed)
        #expect(done.result == Array("42".utf8))
        // Past its expiry, the record is taken over.
        #expect(done.status(at: now + 6000) == .expired)
        #expect(try await store.acquire(Self.lock("k", token: "t4", expiresAt: now + 20_000), now: now + 6000) == .acquired)
        #expect(try await store.release(key: "k", lockToken: "t4"))
        #expect(try await store.acquire(Self.lock("k", token: "t5", expiresAt: now + 20_000), now: now) == .acquired)
    }

    @Test("expired records are purged")
    func purge() async throws {
        let store = try SQLiteIdempotencyStore(path: ":memory:")
        let now = Deadline.nowMilliseconds()
        _ = try await store.acquire(Self.lock("old", token: "t", expiresAt: now - 1), now: now)
        _ = try await store.acquire(Self.lock("live", token: "t", expiresAt: now + 60_000), now: now)
        #expect(try store.purgeExpired(now: now) == 1)
        // Keys are stored packed (a tag byte, then the key's UTF-8 when it is not a derived hash key).
        #expect(try store.database.query("SELECT key FROM tandem_idempotency").map { $0[0] } == [.blob([0] + Array("live".utf8))])
    }

    @Test("the local LRU keeps the most recently used completed records and drops expired ones")
    func lru() {
        let cache = IdempotencyCache(capacity: 2)
        let now = Deadline.nowMilliseconds()
        func completed(_ key: String, expiresAt: Int64 = now + 60_000) -> IdempotencyRecord {
            IdempotencyRecord(key: key, status: .completed, expiresAt: expiresAt, result: [1], lockToken: "t")
        }
        cache.insert(completed("a"))
        cache.insert(completed("b"))
        #expect(cache.record(for: "a", now: now) != nil)  // a is now the most recent
        cache.insert(completed("c"))  // evicts b
        #expect(cache.record(for: "b", now: now) == nil)
        #expect(cache.record(for: "a", now: now) != nil)
        #expect(cache.record(for: "c", now: now) != nil)
        #expect(cache.count == 2)
        cache.insert(completed("d", expiresAt: now - 1))
        #expect(cache.record(for: "d", now: now) == nil)
        // In-progress records are never cached.
        cache.insert(IdempotencyRecord(key: "e", status: .inProgress, expiresAt: now + 1000, lockToken: "t"))
        #expect(cache.record(for: "e", now: now) == nil)
        #expect(IdempotencyCache(capacity: 0).record(for: "a", now: now) == nil)
    }
}
