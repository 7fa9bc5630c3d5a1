/// One message of a SendMessageBatch (or the fields of a SendMessage).
public struct SQSSendMessageEntry: Sendable, Hashable, Encodable {
    /// An id unique within the batch, echoed in the result.
    public var id: String
    /// The body.
    public var body: String
    /// Seconds to hide the message after sending (standard queues).
    public var delaySeconds: Int?
    /// Message attributes.
    public var messageAttributes: [String: SQSMessageAttributeValue]?
    /// The message group of a FIFO queue.
    public var messageGroupID: String?
    /// The deduplication id of a FIFO queue without content-based deduplication.
    public var messageDeduplicationID: String?

    /// Creates an entry.
    ///
    /// - Parameters:
    ///   - id: An id unique within the batch.
    ///   - body: The body.
    ///   - delaySeconds: Delivery delay.
    ///   - messageAttributes: Message attributes.
    ///   - messageGroupID: FIFO message group.
    ///   - messageDeduplicationID: FIFO deduplication id.
    public init(
        id: String,
        body: String,
        delaySeconds: Int? = nil,
        messageAttributes: [String: SQSMessageAttributeValue]? = nil,
        messageGroupID: String? = nil,
        messageDeduplicationID: String? = nil
    ) {
        self.id = id
        self.body = body
        self.delaySeconds = delaySeconds
        self.messageAttributes = messageAttributes
        self.messageGroupID = messageGroupID
        self.messageDeduplicationID = messageDeduplicationID
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case body = "MessageBody"
        case delaySeconds = "DelaySeconds"
        case messageAttributes = "MessageAttributes"
        case messageGroupID = "MessageGroupId"
        case messageDeduplicationID = "MessageDeduplicationId"
    }
}
