/// A batch of Kinesis Data Streams records delivered to Lambda.
///
/// Report failures per record with ``PartialBatchResponse`` (itemIdentifier = ``Payload/sequenceNumber``);
/// Lambda retries from the first failed record.
public struct KinesisEvent: Codable, Sendable, Hashable {
    /// The records, in shard order.
    public var records: [Record]

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}
