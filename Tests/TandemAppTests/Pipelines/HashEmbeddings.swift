import TandemApp
import TandemLLM

/// A deterministic embedding provider for tests that need vectors but not meaning: 8 dimensions from the UTF-8
/// bytes of the text (so equal texts have equal vectors, and a query equal to a stored text scores 1).
struct HashEmbeddings: EmbeddingProvider {
    let name = "hash"
    static let model = "hash-8"
    static let dimensions = 8

    static func vector(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0.01, count: Self.dimensions)
        for (index, byte) in text.utf8.enumerated() {
            vector[(index + Int(byte)) % Self.dimensions] += Float(byte % 17) + 1
        }
        return vector
    }

    func embed(_ request: EmbeddingRequest, options: CallOptions) async throws -> EmbeddingResponse {
        EmbeddingResponse(
            model: Self.model,
            embeddings: request.inputs.map(Self.vector),
            usage: Usage(inputTokens: request.inputs.reduce(0) { $0 + $1.split(separator: " ").count })
        )
    }

    static var pipelineEmbeddings: PipelineEmbeddings { PipelineEmbeddings(provider: HashEmbeddings(), model: Self.model) }
}
