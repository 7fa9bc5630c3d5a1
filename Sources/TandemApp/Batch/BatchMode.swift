/// What a failed record means for the rest of a batch.
///
/// | mode | sources | on a failure | reported |
/// |---|---|---|---|
/// | ``independent`` | SQS standard, S3 | nothing else changes | every failed (or untouched) record |
/// | ``stopOnFirstFailure`` | SQS FIFO | no new record starts | the failed record and every record not done |
/// | ``skipFailedGroup`` | SQS FIFO, per message group | later records of that group are skipped | those, and any other failures |
/// | ``checkpoint`` | Kinesis, DynamoDB Streams | no new record starts | the first record not done, once (Lambda resumes there) |
public struct BatchMode: Sendable, Hashable, CustomStringConvertible {
    enum Policy: String, Sendable, Hashable {
        case independent
        case stopOnFirstFailure
        case skipFailedGroup
        case checkpoint
    }

    let policy: Policy

    /// Every record is processed; each failure is reported on its own (SQS standard queues, S3 notifications).
    public static let independent = BatchMode(policy: .independent)
    /// Processing stops at the first failure, which is reported with every record not yet done (SQS FIFO), so
    /// nothing is processed out of order.
    public static let stopOnFirstFailure = BatchMode(policy: .stopOnFirstFailure)
    /// A failure skips only the later records of the same message group; other groups go on (SQS FIFO when groups
    /// are independent of each other).
    public static let skipFailedGroup = BatchMode(policy: .skipFailedGroup)
    /// Processing stops at the first failure and the earliest record not done is reported alone, so the stream
    /// resumes from it (Kinesis and DynamoDB Streams checkpoint semantics).
    public static let checkpoint = BatchMode(policy: .checkpoint)

    public var description: String { self.policy.rawValue }
}
