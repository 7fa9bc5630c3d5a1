public import TandemCore

/// Writes summaries to a ``ResultStore`` (locally, or when the source table must not be written), under a document id
/// made of the item's keys (`name=value` pairs sorted by name, joined with `,`).
public struct ResultStoreSummaryWriter: SummaryWriter {
    /// The store.
    public let results: any ResultStore

    /// Creates the writer.
    public init(results: any ResultStore) {
        self.results = results
    }

    /// The document id of an item: its key attributes as `name=value`, sorted by name.
    public static func documentID(keys: [String: AttributeValue]) -> String {
        keys.sorted { $0.key < $1.key }.map { name, value in
            switch value {
            case .string(let text): return "\(name)=\(text)"
            case .number(let number): return "\(name)=\(number.text)"
            default: return "\(name)=\(value)"
            }
        }.joined(separator: ",")
    }

    public func write(
        _ summary: DocumentSummary,
        keys: [String: AttributeValue],
        sourceARN: String,
        attributes: SummarizePipeline.Attributes,
        deadline: Deadline
    ) async throws {
        try await self.results.put(
            PipelineResult(
                id: Self.documentID(keys: keys),
                pipeline: "summarize",
                fields: [
                    attributes.summary: .string(summary.summary),
                    attributes.sourceHash: .string(summary.sourceHash),
                    attributes.model: .string(summary.model),
                    "usage": ["input_tokens": .integer(Int64(summary.inputTokens))],
                ]
            )
        )
    }
}
