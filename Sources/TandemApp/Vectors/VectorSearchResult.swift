public import TandemCore

/// A search hit: a stored record (without its vector) and its cosine similarity to the query.
public struct VectorSearchResult: Sendable, Hashable {
    /// The record's id.
    public var id: String
    /// The record's text.
    public var text: String
    /// The record's metadata.
    public var metadata: [String: JSONValue]
    /// Cosine similarity with the query, in -1...1 (higher is closer).
    public var score: Float

    /// Creates a result.
    public init(id: String, text: String, metadata: [String: JSONValue], score: Float) {
        self.id = id
        self.text = text
        self.metadata = metadata
        self.score = score
    }
}
