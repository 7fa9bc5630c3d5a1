/// A Bedrock model the app invokes, directly or through an inference profile.
public struct ModelDescription: Codable, Sendable, Equatable {
    /// The foundation model id, e.g. `anthropic.claude-3-5-haiku-20241022-v1:0`.
    public var id: String
    /// The inference profile id (e.g. `us.anthropic...`), when the model is called through one.
    public var inferenceProfile: String?

    enum CodingKeys: String, CodingKey {
        case id
        case inferenceProfile = "inference_profile"
    }

    /// Creates a model description.
    public init(id: String, inferenceProfile: String? = nil) {
        self.id = id
        self.inferenceProfile = inferenceProfile
    }
}
