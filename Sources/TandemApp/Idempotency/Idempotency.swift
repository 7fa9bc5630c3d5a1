import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import Logging
public import TandemCore
import Synchronization

/// This process's lock token prefix (see ``Idempotency/newLockToken()``).
private let lockTokenPrefix: UInt64 = {
    var generator = SystemRandomNumberGenerator()
    return generator.next()
}()

/// Lock tokens handed out by this process.
private let lockTokenCounter = Atomic<UInt64>(0)

/// Runs a piece of work at most once per event, however often the event is delivered.
///
/// The key is the SHA-256 of the canonical JSON (sorted keys, no spaces; TandemCore's `canonicalJSON()`) of the
/// event, or of the part a
/// ``Configuration/keyPath`` selects. The first delivery takes a lock in the ``IdempotencyStore`` (an in-progress
/// record that lapses at the invocation's deadline) and runs the work:
/// - when it succeeds, the result is stored (JSON) and returned to every later duplicate until
///   ``Configuration/expiry``;
/// - when it throws, the lock is released so the next delivery runs the work again;
/// - when the process dies between the two, the lock lapses with the deadline and the next delivery runs.
///
/// A duplicate that arrives while the first is running gets ``IdempotencyError/alreadyInProgress`` (retryable):
/// let it fail so the source redelivers it later.
///
/// ```swift
/// let idempotency = Idempotency(store: try SQLiteIdempotencyStore(path: "state.sqlite"),
///                               configuration: .init(namespace: "orders", keyPath: "body.orderId"))
/// table.onSQS { message, context in
///     let receipt: Receipt = try await idempotency.run(event: message, deadline: context.deadline) {
///         try await charge(message.body)
///     }
/// }
/// ```
public struct Idempotency: Sendable {
    /// The settings.
    public let configuration: Configuration
    let store: any IdempotencyStore
    let cache: IdempotencyCache
    let logger: Logger?

    /// Creates the guard.
    /// - Parameters:
    ///   - store: where records live; share one store between guards.
    ///   - configuration: the key, validation and expiry settings.
    ///   - logger: where to log store failures after the work is done (at warning), or `nil`.
    public init(store: some IdempotencyStore, configuration: Configuration = Configuration(), logger: Logger? = nil) {
        self.store = store
        self.configuration = configuration
        self.cache = IdempotencyCache(capacity: configuration.localCacheCapacity)
        self.logger = logger
    }

    /// Runs `body` once for `event` (encoded as JSON to derive the key) and returns its result, or the result
    /// stored by an earlier delivery of the same event.
    /// - Parameters:
    ///   - event: the event or record; the key is derived from its JSON form.
    ///   - deadline: when the invocation must end; the in-progress lock lapses then.
    ///   - body: the work; its result must be `Codable` so duplicates can be answered.
    /// - Returns: the result of `body`, or the stored result of the first delivery.
    /// - Throws: what `body` throws (the lock is released first); ``IdempotencyError`` with
    ///   ``IdempotencyError/alreadyInProgress`` (retry later), ``IdempotencyError/payloadMismatch``,
    ///   ``IdempotencyError/missingKey`` or ``IdempotencyError/unreadableResult``; the store's errors.
    public func run<Output: Codable & Sendable>(
        event: some Encodable,
        deadline: Deadline,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Output
    ) async throws -> Output {
        if let key = self.directKey(for: event) {
            return try await self.run(key: key, payloadHash: nil, deadline: deadline, body)
        }
        let payload = try JSONValueEncoder().encode(event)
        return try await self.run(payload: payload, deadline: deadline, body)
    }

    /// Runs `body` once for `payload` (a JSON value) and returns its result, or the stored result of an earlier
    /// delivery. See ``run(event:deadline:isolation:_:)``.
    public func run<Output: Codable & Sendable>(
        payload: JSONValue,
        deadline: Deadline,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Output
    ) async throws -> Output {
        let keySource = self.configuration.keyPath.map { $0.resolve(in: payload) } ?? payload
        guard let keySource else {
            if self.configuration.requiresKey {
                throw IdempotencyError(
                    Self.missingKeyCode,
                    "the key path '\(self.configuration.keyPath?.description ?? "")' found nothing in the event",
                    key: ""
                )
            }
            return try await body()
        }
        let key = self.configuration.namespace + "#" + Self.hash(keySource)
        let payloadHash = self.configuration.payloadValidationPath.map { path in
            path.resolve(in: payload).map(Self.hash) ?? Self.hash(.null)
        }
        return try await self.run(key: key, payloadHash: payloadHash, deadline: deadline, body)
    }

    /// Runs `body` once for the record with `key` (and `payloadHash`, when payloads are validated).
    func run<Output: Codable & Sendable>(
        key: String,
        payloadHash: String?,
        deadline: Deadline,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Output
    ) async throws -> Output {
        let now = Deadline.nowMilliseconds()

        if let cached = self.cache.record(for: key, now: now) {
            return try self.storedResult(cached, payloadHash: payloadHash)
        }

        let lockToken = Self.newLockToken()
        let lockExpiry = min(deadline.millisecondsSinceEpoch, now + self.configuration.maximumLockDuration.totalMilliseconds)
        let lock = IdempotencyRecord(
            key: key,
            status: .inProgress,
            expiresAt: lockExpiry,
            payloadHash: payloadHash,
            lockToken: lockToken
        )
        switch try await self.store.acquire(lock, now: now) {
        case .existing(let existing):
            if existing.status(at: now) == .inProgress {
                try self.validate(existing, payloadHash: payloadHash)
                throw IdempotencyError(
                    IdempotencyError.alreadyInProgress,
                    "an earlier delivery of this event is still being processed (key \(key))",
                    key: key,
                    lockExpiresAt: existing.expiresAt
                )
            }
            let output: Output = try self.storedResult(existing, payloadHash: payloadHash)
            self.cache.insert(existing)
            return output
        case .acquired:
            break
        }

        let output: Output
        do {
            output = try await body()
        } catch {
            do {
                _ = try await self.store.release(key: key, lockToken: lockToken)
            } catch let releaseError {
                // The lock lapses at the deadline anyway; the body's error is the one that matters.
                self.logger?.warning(
                    "idempotency lock not released",
                    metadata: ["idempotency.key": "\(key)", "error.message": "\(releaseError)"]
                )
            }
            throw error
        }

        // Work without a result (the common case in batches) stores `{}` without running an encoder.
        let result = output is NoResult ? Array("{}".utf8) : try Array(JSONEncoder().encode(output))
        let expiresAt = Deadline.nowMilliseconds() + self.configuration.expiry.totalMilliseconds
        do {
            if try await self.store.complete(key: key, lockToken: lockToken, result: result, expiresAt: expiresAt) {
                var completed = lock
                completed.status = .completed
                completed.result = result
                completed.expiresAt = expiresAt
                self.cache.insert(completed)
            } else {
                self.logger?.warning("idempotency lock lapsed before completion", metadata: ["idempotency.key": "\(key)"])
            }
        } catch {
            // The work is done: return its result rather than have the source redeliver it. The in-progress record
            // lapses at the deadline, after which a redelivery would run again.
            self.logger?.warning(
                "idempotency result not stored",
                metadata: ["idempotency.key": "\(key)", "error.message": "\(error)"]
            )
        }
        return output
    }

    /// Runs `body` once for `event`, for work without a result. See ``run(event:deadline:isolation:_:)``.
    public func run(
        event: some Encodable,
        deadline: Deadline,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Void
    ) async throws {
        let _: NoResult = try await self.run(event: event, deadline: deadline) {
            try await body()
            return NoResult()
        }
    }

    /// The idempotency key this guard derives for `payload`, or `nil` when the key path finds nothing.
    public func key(for payload: JSONValue) -> String? {
        let keySource = self.configuration.keyPath.map { $0.resolve(in: payload) } ?? payload
        return keySource.map { self.configuration.namespace + "#" + Self.hash($0) }
    }

    /// The SHA-256 (lowercase hex) of a value's canonical JSON.
    public static func hash(_ value: JSONValue) -> String {
        Self.hex(SHA256.hash(data: Array(value.canonicalJSON().utf8)))
    }

    /// Lowercase hex of a digest, written in one pass.
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let missingKeyCode = IdempotencyError.missingKey

    struct NoResult: Codable, Sendable {}

    func validate(_ record: IdempotencyRecord, payloadHash: String?) throws {
        guard let payloadHash, let stored = record.payloadHash, stored != payloadHash else { return }
        throw IdempotencyError(
            IdempotencyError.payloadMismatch,
            "an event with the same idempotency key but a different payload was already processed (key \(record.key))",
            key: record.key
        )
    }

    func storedResult<Output: Decodable>(_ record: IdempotencyRecord, payloadHash: String?) throws -> Output {
        try self.validate(record, payloadHash: payloadHash)
        do {
            return try JSONDecoder().decode(Output.self, from: Data(record.result ?? Array("null".utf8)))
        } catch {
            throw IdempotencyError(
                IdempotencyError.unreadableResult,
                "the stored result of key \(record.key) is not a \(Output.self): \(error)",
                key: record.key
            )
        }
    }

    /// A token no other lock attempt has: this process's random 64-bit prefix and a counter (16 + 16 hex digits).
    /// Tokens are only compared for equality (a completion or release must come from the attempt holding the lock),
    /// so they need to be unique, not unpredictable; one `getrandom` per process instead of two per record.
    static func newLockToken() -> String {
        let count = lockTokenCounter.add(1, ordering: .relaxed).newValue
        var bytes = [UInt8](repeating: 0, count: 32)
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { digits in
            for (offset, value) in [(0, lockTokenPrefix), (16, count)] {
                for index in 0..<16 {
                    bytes[offset + index] = digits[Int((value >> UInt64(60 - 4 * index)) & 0xF)]
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
