/// Vectors for an ``EmbeddingRequest``, in input order.
public struct EmbeddingResponse: Sendable, Hashable {
    /// The model that embedded them.
    public var model: String
    /// One vector per input, in input order.
    public var embeddings: [[Float]]
    /// Tokens used (input only).
    public var usage: Usage
    /// Which deployment served it, set by the router.
    public var provider: String?
    /// What it cost, when the price table knows the model.
    public var cost: Cost?

    /// Creates a response.
    public init(
        model: String,
        embeddings: [[Float]],
        usage: Usage = Usage(),
        provider: String? = nil,
        cost: Cost? = nil
    ) {
        self.model = model
        self.embeddings = embeddings
        self.usage = usage
        self.provider = provider
        self.cost = cost
    }
}
