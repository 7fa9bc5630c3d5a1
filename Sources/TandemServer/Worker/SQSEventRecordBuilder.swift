#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemAWS
import TandemEvents

/// Turns received SQS messages into the `SQSEvent` records Lambda would deliver, so one handler serves both hosts.
struct SQSEventRecordBuilder: Sendable {
    /// `arn:aws:sqs:{region}:{account}:{name}`, from the queue URL `.../{account}/{name}`.
    let queueARN: String
    let region: String

    init(queueURL: String, region: String) {
        self.region = region
        let parts = queueURL.split(separator: "/").suffix(2)
        let account = parts.count == 2 ? String(parts.first!) : "000000000000"
        let name = parts.last.map(String.init) ?? queueURL
        self.queueARN = "arn:aws:sqs:\(region):\(account):\(name)"
    }

    /// The record for one message.
    func record(_ message: SQSMessage) -> SQSEvent.Message {
        let attributes = message.attributes
        func date(_ name: String) -> Date {
            Date(timeIntervalSince1970: (attributes[name].flatMap { Double($0) } ?? 0) / 1000)
        }
        let eventAttributes = SQSEvent.Attributes(
            approximateReceiveCount: attributes["ApproximateReceiveCount"].flatMap { Int($0) } ?? 1,
            sentTimestamp: date("SentTimestamp"),
            senderId: attributes["SenderId"] ?? "",
            approximateFirstReceiveTimestamp: date("ApproximateFirstReceiveTimestamp"),
            messageGroupId: attributes["MessageGroupId"],
            messageDeduplicationId: attributes["MessageDeduplicationId"],
            sequenceNumber: attributes["SequenceNumber"],
            deadLetterQueueSourceArn: attributes["DeadLetterQueueSourceArn"],
            awsTraceHeader: attributes["AWSTraceHeader"]
        )
        return SQSEvent.Message(
            messageId: message.messageID,
            receiptHandle: message.receiptHandle,
            body: message.body,
            md5OfBody: message.md5OfBody ?? "",
            attributes: eventAttributes,
            messageAttributes: message.messageAttributes.mapValues {
                SQSEvent.MessageAttribute(dataType: $0.dataType, stringValue: $0.stringValue, binaryValue: $0.binaryValue)
            },
            eventSourceARN: self.queueARN,
            awsRegion: self.region
        )
    }

    /// Splits a received batch into units of work: one message each on a standard queue; on a FIFO queue one unit
    /// per message group, in order, so a group is never processed out of order.
    func units(_ messages: [SQSMessage], fifo: Bool) -> [[SQSMessage]] {
        guard fifo else { return messages.map { [$0] } }
        var order: [String] = []
        var groups: [String: [SQSMessage]] = [:]
        for message in messages {
            let group = message.attributes["MessageGroupId"] ?? ""
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(message)
        }
        return order.map { groups[$0]! }
    }
}
