public import TandemEvents

/// The outcome of a batch: one ``BatchRecordOutcome`` per record, and what to report to the event source.
public struct BatchResult: Sendable {
    /// Each record's identifier (SQS `messageId`, Kinesis / DynamoDB `sequenceNumber`), in batch order.
    public let identifiers: [String]
    /// Each record's outcome, in batch order.
    public let outcomes: [BatchRecordOutcome]
    /// The identifiers to report as `batchItemFailures`, as the batch's ``BatchMode`` says.
    public let reportedIdentifiers: [String]

    /// The partial batch response for Lambda: the reported identifiers (empty when everything succeeded).
    public var partialBatchResponse: PartialBatchResponse {
        PartialBatchResponse(failedItemIdentifiers: self.reportedIdentifiers)
    }

    /// How many records succeeded.
    public var succeededCount: Int { self.outcomes.count { $0.isSuccess } }

    /// How many records the handler threw for.
    public var failedCount: Int {
        self.outcomes.count {
            if case .failed = $0 { return true }
            return false
        }
    }

    /// How many records were never started, and why.
    public var skippedCount: Int { self.outcomes.count - self.succeededCount - self.failedCount }

    /// Whether the batch had records and none of them succeeded.
    public var allFailed: Bool { !self.outcomes.isEmpty && self.succeededCount == 0 }

    /// The first error a handler threw, in batch order.
    public var firstError: (any Error)? {
        for outcome in self.outcomes {
            if case .failed(let error) = outcome { return error }
        }
        return nil
    }
}
