/// What happened to one record of a batch.
public enum BatchRecordOutcome: Sendable {
    /// The handler returned.
    case succeeded
    /// The handler threw this error.
    case failed(any Error)
    /// The handler never ran for the record.
    case skipped(BatchSkipReason)

    /// Whether the handler returned for this record.
    public var isSuccess: Bool {
        if case .succeeded = self { return true }
        return false
    }
}
