/// Where pipelines write their results: SQLite locally and in containers (``SQLiteResultStore``), DynamoDB on AWS
/// (``DynamoDBResultStore``). One record per document id; a later write replaces it.
public protocol ResultStore: Sendable {
    /// Writes (replaces) the result for `result.id`.
    /// - Throws: the store's errors.
    func put(_ result: PipelineResult) async throws

    /// The result for a document id, or `nil`.
    /// - Throws: the store's errors.
    func result(id: String) async throws -> PipelineResult?
}
