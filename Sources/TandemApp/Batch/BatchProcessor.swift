import Logging
import TandemCore

/// Runs the records of a batch through a handler and works out what to report, for every batch source.
///
/// Better than a loop: bounded parallelism that keeps FIFO groups (and stream partition keys) in order, the
/// failure semantics of each source (``BatchMode``), and deadline awareness: once the time left drops under
/// ``Configuration/deadlineMargin`` no new record starts, and the untouched ones are reported as failures so the
/// source redelivers them, instead of the invocation timing out with nothing reported.
///
/// ```swift
/// let processor = BatchProcessor(.init(maxConcurrency: 8))
/// let response = try await processor.process(sqsEvent, context: context) { message, context in
///     try await index(message.body)
/// }
/// ```
///
/// ``HandlerTable/onSQS(configuration:_:)`` and its siblings use it; queue workers call
/// ``process(_:mode:context:identifier:group:body:)`` with received messages.
public struct BatchProcessor: Sendable {
    /// The settings.
    public var configuration: Configuration

    /// Creates a processor.
    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Processes `records` with `body` as `mode` says.
    /// - Parameters:
    ///   - records: the batch, in delivery order.
    ///   - mode: what a failure means for the rest of the batch.
    ///   - context: the invocation's context; its deadline bounds the batch, and `body` receives it.
    ///   - identifier: a record's identifier for `batchItemFailures`.
    ///   - group: a record's ordering group (records of one group run in order, one at a time), or `nil`.
    ///   - body: the work for one record; throwing marks the record failed.
    /// - Returns: every record's outcome and what to report. Never throws: failures are outcomes.
    public func process<Record: Sendable>(
        _ records: [Record],
        mode: BatchMode,
        context: HandlerContext,
        identifier: (Record) -> String,
        group: (Record) -> String? = { _ in nil },
        body: @escaping @Sendable (Record, HandlerContext) async throws -> Void
    ) async -> BatchResult {
        let concurrency = min(self.configuration.maxConcurrency, max(records.count, 1))
        // One at a time, batch order is the only order: groups matter only when records overlap, or when a failure
        // skips the rest of its group.
        let needsGroups = concurrency > 1 || mode == .skipFailedGroup
        let groups = needsGroups ? records.map(group) : Array(repeating: nil, count: records.count)
        var machine = StateMachine(groups: groups, mode: mode, maxConcurrency: concurrency)
        var errors: [Int: any Error] = [:]
        let deadline = context.deadline.lowered(by: self.configuration.deadlineMargin)

        if concurrency == 1 {
            // No child tasks: the handler runs on this task, which keeps per-record overhead to the handler's.
            loop: while true {
                switch machine.next(deadlineReached: deadline.hasPassed) {
                case .start(let index):
                    do {
                        try await body(records[index], context)
                        machine.finish(index, succeeded: true)
                    } catch {
                        errors[index] = error
                        machine.finish(index, succeeded: false)
                        Self.logFailure(of: identifier(records[index]), error: error, logger: context.logger)
                    }
                case .wait:
                    preconditionFailure("a sequential batch never waits")
                case .finished:
                    break loop
                }
            }
        } else {
            await withTaskGroup(of: (Int, (any Error)?).self) { tasks in
                loop: while true {
                    switch machine.next(deadlineReached: deadline.hasPassed) {
                    case .start(let index):
                        let record = records[index]
                        tasks.addTask {
                            do {
                                try await body(record, context)
                                return (index, nil)
                            } catch {
                                return (index, error)
                            }
                        }
                    case .wait:
                        guard let (index, error) = await tasks.next() else {
                            preconditionFailure("the batch waits with no record running")
                        }
                        if let error {
                            errors[index] = error
                            Self.logFailure(of: identifier(records[index]), error: error, logger: context.logger)
                        }
                        machine.finish(index, succeeded: error == nil)
                    case .finished:
                        break loop
                    }
                }
            }
        }

        let identifiers = records.map(identifier)
        let outcomes = machine.states.indices.map { index -> BatchRecordOutcome in
            switch machine.states[index] {
            case .succeeded: return .succeeded
            case .failed: return .failed(errors[index] ?? CancellationError())
            case .skipped(let reason): return .skipped(reason)
            case .pending, .running: preconditionFailure("record \(index) unfinished after the batch")
            }
        }
        let skipped = outcomes.count { if case .skipped = $0 { return true } else { return false } }
        if skipped > 0 {
            context.logger.debug(
                "batch records skipped",
                metadata: ["batch.skipped": "\(skipped)", "batch.size": "\(records.count)", "batch.mode": "\(mode)"]
            )
        }
        return BatchResult(
            identifiers: identifiers,
            outcomes: outcomes,
            reportedIdentifiers: machine.reportedRecords.map { identifiers[$0] }
        )
    }

    /// The response to return for a source with partial batch responses, or the error that fails the invocation
    /// when every record failed and ``Configuration/failInvocationWhenAllFail`` is set.
    /// - Throws: ``BatchProcessingError`` (`batch_all_failed`).
    func response(for result: BatchResult) throws -> BatchResult {
        if result.allFailed && self.configuration.failInvocationWhenAllFail {
            throw BatchProcessingError(code: BatchProcessingError.allFailed, result: result)
        }
        return result
    }

    private static func logFailure(of identifier: String, error: any Error, logger: Logger) {
        logger.warning(
            "batch record failed",
            metadata: [
                "batch.item": "\(identifier)", "error.type": "\(type(of: error))", "error.message": "\(error)",
            ]
        )
    }
}
