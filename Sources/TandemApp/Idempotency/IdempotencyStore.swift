/// Where idempotency records live: SQLite (``SQLiteIdempotencyStore``, the local and container default) or
/// DynamoDB on AWS. Every operation must be atomic against other processes using the same store.
public protocol IdempotencyStore: Sendable {
    /// Takes the lock for `record.key`: stores `record` (in progress) when no record exists for the key or the
    /// existing one has expired at `now`, all in one atomic step.
    /// - Parameters:
    ///   - record: the in-progress record to store, with the attempt's lock token and deadline.
    ///   - now: the current time in milliseconds since the Unix epoch.
    /// - Returns: ``IdempotencyAcquisition/acquired`` when the lock is now `record`'s, else the live record that
    ///   holds the key.
    /// - Throws: the store's errors (I/O, throttling); the attempt should then fail and be retried.
    func acquire(_ record: IdempotencyRecord, now: Int64) async throws -> IdempotencyAcquisition

    /// Completes the in-progress record held with `lockToken`: stores `result`, kept until `expiresAt`.
    /// - Returns: `false` when the lock was no longer this attempt's (it lapsed and another attempt took it).
    /// - Throws: the store's errors.
    func complete(key: String, lockToken: String, result: [UInt8], expiresAt: Int64) async throws -> Bool

    /// Deletes the in-progress record held with `lockToken` after a failed attempt, so the next delivery runs.
    /// - Returns: `false` when the lock was no longer this attempt's.
    /// - Throws: the store's errors.
    func release(key: String, lockToken: String) async throws -> Bool

    /// Takes the locks of several records, in order (a batch: one transaction in SQLite). The default takes them
    /// one by one with ``acquire(_:now:)-(IdempotencyRecord,_)``.
    /// - Returns: one answer per record, in order.
    /// - Throws: the store's errors.
    func acquire(_ records: [IdempotencyRecord], now: Int64) async throws -> [IdempotencyAcquisition]

    /// Completes and releases several attempts at once (one transaction in SQLite). The default settles them one by
    /// one.
    /// - Throws: the store's errors.
    func settle(_ settlements: [IdempotencySettlement]) async throws
}

/// How an attempt ends, for ``IdempotencyStore/settle(_:)``.
public enum IdempotencySettlement: Sendable, Hashable {
    /// Store the result of the attempt holding `lockToken` (see ``IdempotencyStore/complete(key:lockToken:result:expiresAt:)``).
    case complete(key: String, lockToken: String, result: [UInt8], expiresAt: Int64)
    /// Release the lock of a failed or skipped attempt (see ``IdempotencyStore/release(key:lockToken:)``).
    case release(key: String, lockToken: String)
}

extension IdempotencyStore {
    /// Takes the locks one by one (the default for stores without batches).
    public func acquire(_ records: [IdempotencyRecord], now: Int64) async throws -> [IdempotencyAcquisition] {
        var answers: [IdempotencyAcquisition] = []
        for record in records { answers.append(try await self.acquire(record, now: now)) }
        return answers
    }

    /// Settles the attempts one by one (the default for stores without batches).
    public func settle(_ settlements: [IdempotencySettlement]) async throws {
        for settlement in settlements {
            switch settlement {
            case .complete(let key, let lockToken, let result, let expiresAt):
                _ = try await self.complete(key: key, lockToken: lockToken, result: result, expiresAt: expiresAt)
            case .release(let key, let lockToken):
                _ = try await self.release(key: key, lockToken: lockToken)
            }
        }
    }
}

/// The answer of ``IdempotencyStore/acquire(_:now:)``.
public enum IdempotencyAcquisition: Sendable, Hashable {
    /// The lock is the caller's: run the work.
    case acquired
    /// A live record holds the key: in progress elsewhere, or completed with a stored result.
    case existing(IdempotencyRecord)
}
