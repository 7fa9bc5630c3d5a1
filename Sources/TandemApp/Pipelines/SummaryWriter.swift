public import TandemCore

/// A summary to write back for one item, with the hash of the text it summarises (so the write-back's own stream
/// record is recognised and skipped).
public struct DocumentSummary: Sendable, Hashable {
    /// The summary.
    public var summary: String
    /// SHA-256 (hex) of the source text.
    public var sourceHash: String
    /// The embedding model that chose the sentences.
    public var model: String
    /// Input tokens the model read.
    public var inputTokens: Int

    /// Creates a summary.
    public init(summary: String, sourceHash: String, model: String, inputTokens: Int) {
        self.summary = summary
        self.sourceHash = sourceHash
        self.model = model
        self.inputTokens = inputTokens
    }
}

/// Where ``SummarizePipeline`` writes summaries: back into the DynamoDB item (``DynamoDBSummaryWriter``) or into a
/// ``ResultStore`` (``ResultStoreSummaryWriter``, locally).
public protocol SummaryWriter: Sendable {
    /// Writes `summary` for the item with `keys` of the table the stream record came from.
    /// - Parameters:
    ///   - summary: the summary and the source text's hash.
    ///   - keys: the item's primary key.
    ///   - sourceARN: the stream's ARN (`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL`).
    ///   - attributes: the attribute names to write (summary, hash, model).
    ///   - deadline: when the write must be over.
    /// - Throws: the store's errors.
    func write(
        _ summary: DocumentSummary,
        keys: [String: AttributeValue],
        sourceARN: String,
        attributes: SummarizePipeline.Attributes,
        deadline: Deadline
    ) async throws
}
