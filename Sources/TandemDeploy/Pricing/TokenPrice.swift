/// The on-demand price of a model's tokens.
public struct TokenPrice: Codable, Sendable, Equatable {
    /// Per 1,000 input tokens.
    public var inputPer1K: Double
    /// Per 1,000 output tokens.
    public var outputPer1K: Double

    enum CodingKeys: String, CodingKey {
        case inputPer1K = "input_per_1k"
        case outputPer1K = "output_per_1k"
    }
}
