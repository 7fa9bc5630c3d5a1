import TandemApp
import TandemCore
import TandemLLM
import TandemSQLite
import Testing

@Suite("search_documents tool")
struct SearchDocumentsToolTests {
    /// A toy embedding: counts of three topic words (enough to rank texts without loading a model).
    static func vector(_ text: String) -> [Float] {
        let words = text.lowercased().split(separator: " ")
        let v = ["invoice", "shipping", "refund"].map { topic in Float(words.filter { $0.hasPrefix(topic) }.count) + 0.01 }
        let norm = (v.map { $0 * $0 }.reduce(0, +)).squareRoot()
        return v.map { $0 / norm }
    }

    @Test("the model gets the closest stored texts, best first, from the vector index")
    func search() async throws {
        let index = try VectorIndex(database: try .inMemory(), variant: "toy", dimensions: 3)
        let texts = [
            ("d1", "invoice totals and invoice numbers"), ("d2", "shipping times for shipping abroad"),
            ("d3", "refund policy: refunds within 30 days"),
        ]
        try index.upsert(texts.map { VectorRecord(id: $0.0, text: $0.1, vector: Self.vector($0.1)) })
        let tool = BuiltinTools.searchDocuments { query, k in try index.search(Self.vector(query), k: k) }
        let turns = [
            ScriptedChatModel.Turn(calls: [("search_documents", #"{"query":"when is my refund","k":2}"#)]),
            ScriptedChatModel.Turn(text: "{{last_result}}"),
        ]
        let runner = AgentRunner(store: try AgentTestSupport.store(), model: ScriptedChatModel(turns: turns), tools: ToolRegistry([tool]))
        let run = try await runner.create(goal: "g", model: "m", tools: ["search_documents"])
        guard case .completed(let answer) = try await runner.run(run.id) else {
            Issue.record("the run did not complete")
            return
        }
        let hits = try #require(try JSONValue(parsing: answer).arrayValue)
        #expect(hits.count == 2)
        #expect(hits.first?["id"] == "d3")
    }
}
