import Logging
import Synchronization
import TandemCore
public import TandemEvents

extension BatchProcessor {
    /// Processes an SQS batch with idempotency: a message already processed (by an earlier delivery, in any process
    /// sharing the store) is acknowledged without running `body` again. See
    /// ``process(_:mode:context:identifier:group:idempotency:body:)``.
    /// - Returns: the partial batch response.
    /// - Throws: ``BatchProcessingError`` when every message failed and
    ///   ``Configuration/failInvocationWhenAllFail`` is set.
    public func process(
        _ event: SQSEvent,
        context: HandlerContext,
        idempotency: Idempotency,
        _ body: @escaping @Sendable (SQSEvent.Message, HandlerContext) async throws -> Void
    ) async throws -> PartialBatchResponse {
        let result = await self.process(messages: event.records, context: context, idempotency: idempotency, body)
        return try self.response(for: result).partialBatchResponse
    }

    /// Processes SQS messages (from an event or a queue worker) with idempotency; the mode follows the queue type
    /// as in ``process(messages:context:_:)``.
    /// - Returns: every message's outcome.
    public func process(
        messages: [SQSEvent.Message],
        context: HandlerContext,
        idempotency: Idempotency,
        _ body: @escaping @Sendable (SQSEvent.Message, HandlerContext) async throws -> Void
    ) async -> BatchResult {
        let isFIFO = messages.first?.eventSourceARN.hasSuffix(".fifo") ?? false
        let mode: BatchMode =
            isFIFO ? (self.configuration.fifoPerMessageGroup ? .skipFailedGroup : .stopOnFirstFailure) : .independent
        return await self.process(
            messages,
            mode: mode,
            context: context,
            identifier: \.messageId,
            group: { isFIFO ? $0.attributes.messageGroupId : nil },
            idempotency: idempotency,
            body: body
        )
    }

    /// Processes `records` as ``process(_:mode:context:identifier:group:body:)`` does, running `body` at most once
    /// per record however often it is delivered, with two store round trips per batch instead of two per record.
    ///
    /// Before the first record starts, the locks of the whole batch are taken at once (in-progress records that
    /// lapse at the invocation's deadline; one transaction in SQLite). A record already completed is a success
    /// without running `body`; one in progress elsewhere fails with the retryable
    /// ``IdempotencyError/alreadyInProgress``. After the last record, one more call settles the batch: the
    /// succeeded records are completed, and the locks of failed and never-started records released, so their
    /// redelivery runs. A crash in between leaves locks that lapse at the deadline.
    ///
    /// The record's key is derived from its JSON form as ``Idempotency/Configuration`` says; a record without a
    /// key runs without idempotency (or fails, with ``Idempotency/Configuration/requiresKey``).
    /// - Returns: every record's outcome; a failure to take or settle the locks fails the records concerned.
    public func process<Record: Encodable & Sendable>(
        _ records: [Record],
        mode: BatchMode,
        context: HandlerContext,
        identifier: (Record) -> String,
        group: (Record) -> String? = { _ in nil },
        idempotency: Idempotency,
        body: @escaping @Sendable (Record, HandlerContext) async throws -> Void
    ) async -> BatchResult {
        let plan = await idempotency.plan(records, deadline: context.deadline)
        let settlements = Mutex<[IdempotencySettlement]>([])
        let completedAt = Mutex<[Int]>([])
        let indexed = records.enumerated().map { IndexedRecord(index: $0.offset, record: $0.element) }
        let result = await self.process(
            indexed,
            mode: mode,
            context: context,
            identifier: { identifier($0.record) },
            group: { group($0.record) },
            body: { item, context in
                switch plan.decisions[item.index] {
                case .done:
                    return
                case .refuse(let error):
                    throw error
                case .unguarded:
                    try await body(item.record, context)
                case .guarded(let key, let lockToken):
                    do {
                        try await body(item.record, context)
                    } catch {
                        settlements.withLock { $0.append(.release(key: key, lockToken: lockToken)) }
                        throw error
                    }
                    let expiresAt = Deadline.nowMilliseconds() + idempotency.configuration.expiry.totalMilliseconds
                    settlements.withLock {
                        $0.append(.complete(key: key, lockToken: lockToken, result: Array("{}".utf8), expiresAt: expiresAt))
                    }
                    completedAt.withLock { $0.append(item.index) }
                }
            }
        )
        // Locks of records that never started (deadline, an earlier failure) are released too.
        var pending = settlements.withLock { $0 }
        for (index, outcome) in result.outcomes.enumerated() {
            if case .skipped = outcome, case .guarded(let key, let lockToken) = plan.decisions[index] {
                pending.append(.release(key: key, lockToken: lockToken))
            }
        }
        do {
            try await idempotency.store.settle(pending)
            for index in completedAt.withLock({ $0 }) {
                guard case .guarded(let key, let lockToken) = plan.decisions[index] else { continue }
                idempotency.cache.insert(
                    IdempotencyRecord(
                        key: key,
                        status: .completed,
                        expiresAt: Deadline.nowMilliseconds() + idempotency.configuration.expiry.totalMilliseconds,
                        payloadHash: plan.payloadHashes[index],
                        result: Array("{}".utf8),
                        lockToken: lockToken
                    )
                )
            }
        } catch {
            // The work is done and reported; the locks lapse at the deadline, after which a redelivery would run.
            context.logger.warning("idempotency records not settled", metadata: ["error.message": "\(error)"])
        }
        return result
    }
}

/// A record with its position in the batch, so the idempotency plan can be looked up.
struct IndexedRecord<Record: Sendable>: Sendable {
    var index: Int
    var record: Record
}

extension Idempotency {
    /// What to do with each record of a batch, decided before any runs.
    struct BatchPlan: Sendable {
        enum Decision: Sendable {
            /// Completed before: succeed without running.
            case done
            /// Fail without running (in progress elsewhere, payload mismatch, missing key, store failure).
            case refuse(any Error)
            /// No key: run without idempotency.
            case unguarded
            /// The lock is ours: run, then complete or release.
            case guarded(key: String, lockToken: String)
        }

        var decisions: [Decision]
        var payloadHashes: [String?]
    }

    /// Takes the locks of a batch in one store call and decides each record's fate.
    func plan<Record: Encodable>(_ records: [Record], deadline: Deadline) async -> BatchPlan {
        let now = Deadline.nowMilliseconds()
        let lockExpiry = min(deadline.millisecondsSinceEpoch, now + self.configuration.maximumLockDuration.totalMilliseconds)
        var decisions = [BatchPlan.Decision](repeating: .unguarded, count: records.count)
        var hashes = [String?](repeating: nil, count: records.count)
        var locks: [(index: Int, record: IdempotencyRecord)] = []
        for (index, record) in records.enumerated() {
            let key: String
            let payloadHash: String?
            if let direct = self.directKey(for: record) {
                key = direct
                payloadHash = nil
            } else {
                guard let payload = try? JSONValueEncoder().encode(record), let derived = self.key(for: payload) else {
                    if self.configuration.requiresKey {
                        decisions[index] = .refuse(
                            IdempotencyError(Self.missingKeyCode, "the key path found nothing in the record", key: "")
                        )
                    }
                    continue
                }
                key = derived
                payloadHash = self.configuration.payloadValidationPath.map { path in
                    path.resolve(in: payload).map(Self.hash) ?? Self.hash(.null)
                }
            }
            hashes[index] = payloadHash
            if let cached = self.cache.record(for: key, now: now) {
                do {
                    try self.validate(cached, payloadHash: payloadHash)
                    decisions[index] = .done
                } catch {
                    decisions[index] = .refuse(error)
                }
                continue
            }
            let token = Self.newLockToken()
            decisions[index] = .guarded(key: key, lockToken: token)
            locks.append(
                (index, IdempotencyRecord(key: key, status: .inProgress, expiresAt: lockExpiry, payloadHash: payloadHash, lockToken: token))
            )
        }
        guard !locks.isEmpty else { return BatchPlan(decisions: decisions, payloadHashes: hashes) }
        do {
            let answers = try await self.store.acquire(locks.map(\.record), now: now)
            for ((index, lock), answer) in zip(locks, answers) {
                guard case .existing(let existing) = answer else { continue }
                do {
                    try self.validate(existing, payloadHash: lock.payloadHash)
                    if existing.status(at: now) == .completed {
                        decisions[index] = .done
                        self.cache.insert(existing)
                    } else {
                        decisions[index] = .refuse(
                            IdempotencyError(
                                IdempotencyError.alreadyInProgress,
                                "an earlier delivery of this record is still being processed (key \(lock.key))",
                                key: lock.key,
                                lockExpiresAt: existing.expiresAt
                            )
                        )
                    }
                } catch {
                    decisions[index] = .refuse(error)
                }
            }
        } catch {
            for (index, _) in locks { decisions[index] = .refuse(error) }
        }
        return BatchPlan(decisions: decisions, payloadHashes: hashes)
    }
}

extension BatchProcessor {
    /// Processes the records of an S3 notification with idempotency, as ``process(_:context:_:)-(S3Event,_,_)``
    /// does: every record is processed and any failure fails the invocation; a record completed by an earlier
    /// delivery (S3 delivers at least once, and Lambda retries a failed event whole) does not run again.
    /// - Throws: ``BatchProcessingError`` (`batch_record_failed`) when a record failed.
    public func process(
        _ event: S3Event,
        context: HandlerContext,
        idempotency: Idempotency,
        _ body: @escaping @Sendable (S3Event.Record, HandlerContext) async throws -> Void
    ) async throws {
        let result = await self.process(
            event.records,
            mode: .independent,
            context: context,
            identifier: { "\($0.s3.bucket.name)/\($0.s3.object.key)" },
            idempotency: idempotency,
            body: body
        )
        if result.succeededCount < result.outcomes.count {
            throw BatchProcessingError(code: BatchProcessingError.recordFailed, result: result)
        }
    }
}
