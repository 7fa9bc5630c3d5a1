extension SQSEvent {
    /// One SQS message.
    public struct Message: Codable, Sendable, Hashable {
        /// The message id; the `itemIdentifier` of a batch item failure.
        public var messageId: String
        /// The receipt handle, to delete the message or change its visibility.
        public var receiptHandle: String
        /// The message body.
        public var body: String
        /// The MD5 of ``body``, hex.
        public var md5OfBody: String
        /// The MD5 of the message attributes, hex; absent when there are none.
        public var md5OfMessageAttributes: String?
        /// The system attributes (receive count, timestamps, FIFO group and sequence).
        public var attributes: Attributes
        /// The message attributes the sender set.
        public var messageAttributes: [String: MessageAttribute]
        /// The queue ARN.
        public var eventSourceARN: String
        /// `"aws:sqs"`.
        public var eventSource: String
        /// The queue's region.
        public var awsRegion: String

        /// Creates a message, for example from a `ReceiveMessage` result in a worker.
        /// - Parameters:
        ///   - messageId: The message id.
        ///   - receiptHandle: The receipt handle.
        ///   - body: The body.
        ///   - md5OfBody: The MD5 of the body, hex.
        ///   - md5OfMessageAttributes: The MD5 of the message attributes, hex.
        ///   - attributes: The system attributes.
        ///   - messageAttributes: The message attributes.
        ///   - eventSourceARN: The queue ARN.
        ///   - awsRegion: The queue's region.
        public init(
            messageId: String,
            receiptHandle: String,
            body: String,
            md5OfBody: String,
            md5OfMessageAttributes: String? = nil,
            attributes: Attributes,
            messageAttributes: [String: MessageAttribute] = [:],
            eventSourceARN: String,
            awsRegion: String
        ) {
            self.messageId = messageId
            self.receiptHandle = receiptHandle
            self.body = body
            self.md5OfBody = md5OfBody
            self.md5OfMessageAttributes = md5OfMessageAttributes
            self.attributes = attributes
            self.messageAttributes = messageAttributes
            self.eventSourceARN = eventSourceARN
            self.eventSource = "aws:sqs"
            self.awsRegion = awsRegion
        }

        enum CodingKeys: String, CodingKey {
            case messageId, receiptHandle, body, md5OfBody, md5OfMessageAttributes, attributes, messageAttributes
            case eventSourceARN, eventSource, awsRegion
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.messageId = try container.decode(String.self, forKey: .messageId)
            self.receiptHandle = try container.decode(String.self, forKey: .receiptHandle)
            self.body = try container.decode(String.self, forKey: .body)
            self.md5OfBody = try container.decode(String.self, forKey: .md5OfBody)
            self.md5OfMessageAttributes = try container.decodeIfPresent(String.self, forKey: .md5OfMessageAttributes)
            self.attributes = try container.decode(Attributes.self, forKey: .attributes)
            self.messageAttributes =
                try container.decodeIfPresent([String: MessageAttribute].self, forKey: .messageAttributes) ?? [:]
            self.eventSourceARN = try container.decode(String.self, forKey: .eventSourceARN)
            self.eventSource = try container.decode(String.self, forKey: .eventSource)
            self.awsRegion = try container.decode(String.self, forKey: .awsRegion)
        }
    }
}
