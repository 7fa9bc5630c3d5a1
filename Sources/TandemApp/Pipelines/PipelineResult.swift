public import TandemCore

/// What a pipeline wrote for one document: one record per document id, holding the pipeline's output (label and
/// confidence, chunk count, summary) with the model and usage.
public struct PipelineResult: Sendable, Hashable, Codable {
    /// The document's id: `bucket/key` for S3 objects, else the message's `id` or message id, or the item's keys.
    public var id: String
    /// The pipeline that wrote it: `classify`, `embed` or `summarize`.
    public var pipeline: String
    /// The output fields (`label`, `confidence`, `model`, `usage`, `chunks`, `summary`, `source_hash`, ...).
    public var fields: [String: JSONValue]
    /// When it was written, in milliseconds since the Unix epoch.
    public var updatedAt: Int64

    /// Creates a result.
    public init(id: String, pipeline: String, fields: [String: JSONValue], updatedAt: Int64 = Deadline.nowMilliseconds()) {
        self.id = id
        self.pipeline = pipeline
        self.fields = fields
        self.updatedAt = updatedAt
    }
}
