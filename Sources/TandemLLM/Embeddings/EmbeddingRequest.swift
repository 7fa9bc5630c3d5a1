/// A batch of texts to embed.
public struct EmbeddingRequest: Sendable, Hashable {
    /// The model as the caller named it.
    public var model: String
    /// The texts, in order.
    public var inputs: [String]
    /// The output size for models that can shorten their vectors (OpenAI `dimensions`, Titan V2 256/512/1024).
    public var dimensions: Int?
    /// An end-user id for the provider's abuse monitoring.
    public var user: String?

    /// Creates a request.
    public init(model: String, inputs: [String], dimensions: Int? = nil, user: String? = nil) {
        self.model = model
        self.inputs = inputs
        self.dimensions = dimensions
        self.user = user
    }
}
