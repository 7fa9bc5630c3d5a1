/// A batch of messages from an SQS queue (standard or FIFO) delivered to Lambda.
///
/// Report failures per message with ``PartialBatchResponse`` (itemIdentifier = ``Message/messageId``) so only
/// those return to the queue; for FIFO queues, stop at the first failure and report it and every later message.
public struct SQSEvent: Codable, Sendable, Hashable {
    /// The messages, up to the batch size configured on the event source mapping.
    public var records: [Message]

    /// Creates an event from messages.
    /// - Parameter records: The messages.
    public init(records: [Message]) {
        self.records = records
    }

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}
