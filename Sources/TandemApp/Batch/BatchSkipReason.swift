/// Why a record of a batch was never started.
public struct BatchSkipReason: Sendable, Hashable, CustomStringConvertible {
    enum Reason: String, Sendable, Hashable {
        case earlierFailure = "earlier_failure"
        case groupFailed = "group_failed"
        case deadline
    }

    let reason: Reason

    /// An earlier record failed and the mode stops the batch (``BatchMode/stopOnFirstFailure``,
    /// ``BatchMode/checkpoint``).
    public static let earlierFailure = BatchSkipReason(reason: .earlierFailure)
    /// An earlier record of the same group failed (``BatchMode/skipFailedGroup``).
    public static let groupFailed = BatchSkipReason(reason: .groupFailed)
    /// The time left dropped under the deadline margin before the record could start.
    public static let deadline = BatchSkipReason(reason: .deadline)

    /// A stable name (`earlier_failure`, `group_failed`, `deadline`), safe as a metric label.
    public var description: String { self.reason.rawValue }
}
