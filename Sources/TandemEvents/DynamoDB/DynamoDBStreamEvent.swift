/// A batch of DynamoDB Streams records delivered to Lambda.
///
/// Report failures per record with ``PartialBatchResponse`` (itemIdentifier =
/// ``StreamRecord/sequenceNumber``); Lambda retries from the first failed record.
public struct DynamoDBStreamEvent: Codable, Sendable, Hashable {
    /// The records, in stream order per partition key.
    public var records: [Record]

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}
