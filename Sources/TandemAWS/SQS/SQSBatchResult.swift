/// The result of a batch operation: which entries succeeded and which failed, by the ids you gave them.
public struct SQSBatchResult: Sendable, Hashable {
    /// One successful entry.
    public struct Success: Sendable, Hashable {
        /// The entry's id.
        public var id: String
        /// The message id (SendMessageBatch only).
        public var messageID: String?
    }

    /// One failed entry.
    public struct Failure: Sendable, Hashable {
        /// The entry's id.
        public var id: String
        /// The error code (`ReceiptHandleIsInvalid`, ...).
        public var code: String
        /// The message.
        public var message: String?
        /// Whether the caller is at fault (retrying the same entry will fail again).
        public var senderFault: Bool
    }

    /// The entries that succeeded.
    public var successful: [Success]
    /// The entries that failed.
    public var failed: [Failure]
}
