/// Model weights that ship with the function.
public struct LocalModelDescription: Codable, Sendable, Equatable {
    /// How the weights travel with the function.
    public enum Packaging: String, Codable, Sendable {
        /// A Lambda layer (the seed's advice for large libraries): deployed once, shared by versions.
        case layer
        /// Inside the function's zip next to `bootstrap`.
        case zip
    }

    /// The model's name.
    public var name: String
    /// The unzipped size of the weights and tokenizer in MB.
    public var sizeMB: Double
    /// Layer or zip.
    public var packaging: Packaging

    enum CodingKeys: String, CodingKey {
        case name, packaging
        case sizeMB = "size_mb"
    }

    /// Creates a local model description.
    public init(name: String, sizeMB: Double, packaging: Packaging) {
        self.name = name
        self.sizeMB = sizeMB
        self.packaging = packaging
    }
}
