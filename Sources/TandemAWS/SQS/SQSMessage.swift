/// A message received from a queue.
public struct SQSMessage: Sendable, Hashable, Codable {
    /// The message id.
    public var messageID: String
    /// The receipt handle: pass it to delete the message or change its visibility.
    public var receiptHandle: String
    /// The body.
    public var body: String
    /// The MD5 of the body, hex.
    public var md5OfBody: String?
    /// System attributes that were asked for (`ApproximateReceiveCount`, `SentTimestamp`, `MessageGroupId`, ...).
    public var attributes: [String: String]
    /// Message attributes that were asked for.
    public var messageAttributes: [String: SQSMessageAttributeValue]

    /// Creates a message (for tests and adapters).
    public init(
        messageID: String,
        receiptHandle: String,
        body: String,
        md5OfBody: String? = nil,
        attributes: [String: String] = [:],
        messageAttributes: [String: SQSMessageAttributeValue] = [:]
    ) {
        self.messageID = messageID
        self.receiptHandle = receiptHandle
        self.body = body
        self.md5OfBody = md5OfBody
        self.attributes = attributes
        self.messageAttributes = messageAttributes
    }

    enum CodingKeys: String, CodingKey {
        case messageID = "MessageId"
        case receiptHandle = "ReceiptHandle"
        case body = "Body"
        case md5OfBody = "MD5OfBody"
        case attributes = "Attributes"
        case messageAttributes = "MessageAttributes"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.messageID = try container.decode(String.self, forKey: .messageID)
        self.receiptHandle = try container.decode(String.self, forKey: .receiptHandle)
        self.body = try container.decodeIfPresent(String.self, forKey: .body) ?? ""
        self.md5OfBody = try container.decodeIfPresent(String.self, forKey: .md5OfBody)
        self.attributes = try container.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:]
        self.messageAttributes =
            try container.decodeIfPresent([String: SQSMessageAttributeValue].self, forKey: .messageAttributes) ?? [:]
    }
}
