public import TandemAWS
public import TandemCore

/// Writes summaries back into the item the stream record came from, with one `UpdateItem` that sets the summary,
/// the source text's hash and the model. The stream then delivers that change too; ``SummarizePipeline`` skips it
/// because the stored hash matches the text.
public struct DynamoDBSummaryWriter: SummaryWriter {
    /// The client.
    public let client: DynamoDBClient
    /// The table to write to, or `nil` for the table named in the stream's ARN.
    public let table: String?

    /// Creates the writer.
    public init(client: DynamoDBClient, table: String? = nil) {
        self.client = client
        self.table = table
    }

    /// The table name in a DynamoDB stream ARN (`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL`).
    public static func tableName(fromStreamARN arn: String) -> String? {
        let parts = arn.split(separator: "/")
        guard parts.count >= 2, parts[0].hasSuffix(":table") else { return nil }
        return String(parts[1])
    }

    public func write(
        _ summary: DocumentSummary,
        keys: [String: AttributeValue],
        sourceARN: String,
        attributes: SummarizePipeline.Attributes,
        deadline: Deadline
    ) async throws {
        guard let table = self.table ?? Self.tableName(fromStreamARN: sourceARN) else {
            throw PipelineError(PipelineError.invalidInput, "no table to write the summary to (stream ARN \(sourceARN))")
        }
        try await self.client.updateItem(
            table: table,
            key: keys,
            updateExpression: "SET #summary = :summary, #hash = :hash, #model = :model",
            expressionAttributeNames: [
                "#summary": attributes.summary, "#hash": attributes.sourceHash, "#model": attributes.model,
            ],
            expressionAttributeValues: [
                ":summary": .string(summary.summary), ":hash": .string(summary.sourceHash),
                ":model": .string(summary.model),
            ],
            deadline: deadline
        )
    }
}
