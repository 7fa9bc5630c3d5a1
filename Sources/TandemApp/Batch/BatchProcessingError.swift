public import TandemCore

/// A batch that failed as a whole: every record failed, or (for sources without partial responses, such as S3)
/// any record failed.
///
/// Thrown so the invocation itself fails: Lambda then retries the whole event and counts an error, and for SQS the
/// event source mapping backs off instead of polling a queue it cannot process.
public struct BatchProcessingError: Error, Sendable, CustomStringConvertible {
    /// `batch_all_failed` (no record succeeded) or `batch_record_failed` (a source without partial responses).
    public let code: TandemError.Code
    /// A message for people.
    public let message: String
    /// How many records the batch had.
    public let recordCount: Int
    /// How many did not succeed (failed or skipped).
    public let failedCount: Int
    /// The first error a handler threw, if any.
    public let underlying: (any Error)?

    /// Every record of the batch failed.
    public static let allFailed = TandemError.Code("batch_all_failed")
    /// A record failed in a batch whose source cannot take a partial response.
    public static let recordFailed = TandemError.Code("batch_record_failed")

    init(code: TandemError.Code, result: BatchResult) {
        self.code = code
        self.recordCount = result.outcomes.count
        self.failedCount = result.outcomes.count - result.succeededCount
        self.underlying = result.firstError
        if code == Self.allFailed {
            self.message = "all \(result.outcomes.count) records of the batch failed"
        } else {
            self.message = "\(self.failedCount) of \(result.outcomes.count) records failed"
        }
    }

    public var description: String {
        var text = "\(self.code): \(self.message)"
        if let underlying { text += " (first error: \(underlying))" }
        return text
    }
}
