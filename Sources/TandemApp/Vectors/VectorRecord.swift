public import TandemCore

/// One entry of a ``VectorIndex``: an id, the text it was made from, metadata, and its embedding.
public struct VectorRecord: Sendable, Hashable {
    /// Unique within the index; writing a record with an existing id replaces it.
    public var id: String
    /// The text the vector was computed from (returned with search results).
    public var text: String
    /// Flat JSON metadata (`source`, `tenant`, `page`, ...), filterable by equality of top-level keys.
    public var metadata: [String: JSONValue]
    /// The embedding; its length must match the index's dimensions.
    public var vector: [Float]

    /// Creates a record.
    public init(id: String, text: String, metadata: [String: JSONValue] = [:], vector: [Float]) {
        self.id = id
        self.text = text
        self.metadata = metadata
        self.vector = vector
    }
}
