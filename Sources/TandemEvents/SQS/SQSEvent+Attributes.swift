#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension SQSEvent {
    /// The system attributes of a message. On the wire every value is a string; here counts are integers and
    /// timestamps are dates. FIFO queues add ``messageGroupId``, ``messageDeduplicationId`` and ``sequenceNumber``.
    public struct Attributes: Codable, Sendable, Hashable {
        /// How many times the message has been received, this delivery included (`ApproximateReceiveCount`).
        public var approximateReceiveCount: Int
        /// When the message was sent (`SentTimestamp`, milliseconds since 1970 as a string on the wire).
        public var sentTimestamp: Date
        /// The sender's principal id or IP address (`SenderId`).
        public var senderId: String
        /// When the message was first received (`ApproximateFirstReceiveTimestamp`).
        public var approximateFirstReceiveTimestamp: Date
        /// The FIFO message group (`MessageGroupId`); also set on standard queues when the sender gave one.
        public var messageGroupId: String?
        /// The FIFO deduplication id (`MessageDeduplicationId`).
        public var messageDeduplicationId: String?
        /// The FIFO sequence number (`SequenceNumber`), a 128-bit decimal kept as text.
        public var sequenceNumber: String?
        /// The source queue of a message moved from a dead-letter queue (`DeadLetterQueueSourceArn`).
        public var deadLetterQueueSourceArn: String?
        /// The X-Ray trace header (`AWSTraceHeader`).
        public var awsTraceHeader: String?

        /// Creates attributes.
        /// - Parameters:
        ///   - approximateReceiveCount: How many times the message has been received.
        ///   - sentTimestamp: When the message was sent.
        ///   - senderId: The sender's principal id.
        ///   - approximateFirstReceiveTimestamp: When the message was first received.
        ///   - messageGroupId: The FIFO message group.
        ///   - messageDeduplicationId: The FIFO deduplication id.
        ///   - sequenceNumber: The FIFO sequence number.
        ///   - deadLetterQueueSourceArn: The source queue of a redriven message.
        ///   - awsTraceHeader: The X-Ray trace header.
        public init(
            approximateReceiveCount: Int,
            sentTimestamp: Date,
            senderId: String,
            approximateFirstReceiveTimestamp: Date,
            messageGroupId: String? = nil,
            messageDeduplicationId: String? = nil,
            sequenceNumber: String? = nil,
            deadLetterQueueSourceArn: String? = nil,
            awsTraceHeader: String? = nil
        ) {
            self.approximateReceiveCount = approximateReceiveCount
            self.sentTimestamp = sentTimestamp
            self.senderId = senderId
            self.approximateFirstReceiveTimestamp = approximateFirstReceiveTimestamp
            self.messageGroupId = messageGroupId
            self.messageDeduplicationId = messageDeduplicationId
            self.sequenceNumber = sequenceNumber
            self.deadLetterQueueSourceArn = deadLetterQueueSourceArn
            self.awsTraceHeader = awsTraceHeader
        }

        enum CodingKeys: String, CodingKey {
            case approximateReceiveCount = "ApproximateReceiveCount"
            case sentTimestamp = "SentTimestamp"
            case senderId = "SenderId"
            case approximateFirstReceiveTimestamp = "ApproximateFirstReceiveTimestamp"
            case messageGroupId = "MessageGroupId"
            case messageDeduplicationId = "MessageDeduplicationId"
            case sequenceNumber = "SequenceNumber"
            case deadLetterQueueSourceArn = "DeadLetterQueueSourceArn"
            case awsTraceHeader = "AWSTraceHeader"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let count = try container.decode(String.self, forKey: .approximateReceiveCount)
            guard let receiveCount = Int(count) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .approximateReceiveCount,
                    in: container,
                    debugDescription: "expected an integer as a string"
                )
            }
            self.approximateReceiveCount = receiveCount
            self.sentTimestamp = try container.decodeEpochMillisecondsString(forKey: .sentTimestamp)
            self.senderId = try container.decode(String.self, forKey: .senderId)
            self.approximateFirstReceiveTimestamp = try container.decodeEpochMillisecondsString(
                forKey: .approximateFirstReceiveTimestamp
            )
            self.messageGroupId = try container.decodeIfPresent(String.self, forKey: .messageGroupId)
            self.messageDeduplicationId = try container.decodeIfPresent(String.self, forKey: .messageDeduplicationId)
            self.sequenceNumber = try container.decodeIfPresent(String.self, forKey: .sequenceNumber)
            self.deadLetterQueueSourceArn = try container.decodeIfPresent(
                String.self,
                forKey: .deadLetterQueueSourceArn
            )
            self.awsTraceHeader = try container.decodeIfPresent(String.self, forKey: .awsTraceHeader)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(String(self.approximateReceiveCount), forKey: .approximateReceiveCount)
            try container.encodeEpochMillisecondsString(self.sentTimestamp, forKey: .sentTimestamp)
            try container.encode(self.senderId, forKey: .senderId)
            try container.encodeEpochMillisecondsString(
                self.approximateFirstReceiveTimestamp,
                forKey: .approximateFirstReceiveTimestamp
            )
            try container.encodeIfPresent(self.messageGroupId, forKey: .messageGroupId)
            try container.encodeIfPresent(self.messageDeduplicationId, forKey: .messageDeduplicationId)
            try container.encodeIfPresent(self.sequenceNumber, forKey: .sequenceNumber)
            try container.encodeIfPresent(self.deadLetterQueueSourceArn, forKey: .deadLetterQueueSourceArn)
            try container.encodeIfPresent(self.awsTraceHeader, forKey: .awsTraceHeader)
        }
    }
}
