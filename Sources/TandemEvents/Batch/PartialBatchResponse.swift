/// The partial batch response for SQS, Kinesis and DynamoDB Streams: which records failed.
///
/// Return it from a batch handler (with `ReportBatchItemFailures` enabled on the event source mapping) and Lambda
/// retries only the failed records. On the wire: `{"batchItemFailures":[{"itemIdentifier":"..."}]}`; an empty list
/// means the whole batch succeeded. The identifier is the SQS `messageId` or the Kinesis / DynamoDB
/// `sequenceNumber`. An empty or unknown identifier makes Lambda treat the whole batch as failed.
///
/// ```swift
/// var response = PartialBatchResponse()
/// for message in event.records where !process(message) {
///     response.fail(message.messageId)
/// }
/// ```
public struct PartialBatchResponse: Codable, Sendable, Hashable {
    /// The records that failed, in order.
    public var batchItemFailures: [ItemFailure]

    /// One failed record.
    public struct ItemFailure: Codable, Sendable, Hashable {
        /// The SQS `messageId` or the Kinesis / DynamoDB Streams `sequenceNumber` of the failed record.
        public var itemIdentifier: String

        /// Creates a failure entry.
        /// - Parameter itemIdentifier: The failed record's identifier.
        public init(itemIdentifier: String) {
            self.itemIdentifier = itemIdentifier
        }
    }

    /// Creates a response.
    /// - Parameter failedItemIdentifiers: The identifiers of the failed records; empty means all succeeded.
    public init(failedItemIdentifiers: [String] = []) {
        self.batchItemFailures = failedItemIdentifiers.map(ItemFailure.init(itemIdentifier:))
    }

    /// Whether every record succeeded.
    public var isSuccess: Bool { self.batchItemFailures.isEmpty }

    /// Records a failed item.
    /// - Parameter itemIdentifier: The failed record's identifier.
    public mutating func fail(_ itemIdentifier: String) {
        self.batchItemFailures.append(ItemFailure(itemIdentifier: itemIdentifier))
    }
}
