import NIOCore
import TandemCore

extension HandlerTable {
    /// The largest `top_k` the search route accepts.
    static let maximumSearchResults = 100

    /// Serves search over a ``VectorIndex`` on every host: `POST /v1/search` and its alias `POST /v1/vectors/search`.
    ///
    /// The body is `{"query": "text", "top_k": 5, "filter": {"document_id": "doc-1"}}` (`top_k` 1...100, default 5;
    /// `filter` optional, top-level metadata keys that must be equal). The query is embedded with `embeddings` (the
    /// model that filled the index), and the answer is the records most similar to it, best first:
    /// `{"object":"list","data":[{"id","score","text","metadata"}],"model","usage":{"input_tokens"}}`.
    /// A malformed body is a 400 in the OpenAI error format.
    ///
    /// - Parameters:
    ///   - index: the collection searched.
    ///   - embeddings: the model that embeds the query; it must make the index's vectors.
    public mutating func addVectorSearch(index: VectorIndex, embeddings: PipelineEmbeddings) {
        let handler: @Sendable (AppRequest) async throws -> AppResponse = { request in
            let search = try VectorSearchRequest(body: request.body)
            let embedded = try await embeddings.embed([search.query], deadline: request.context.deadline)
            let hits: [VectorSearchResult]
            do {
                hits = try index.search(embedded.vectors[0], k: search.topK, filter: search.filter)
            } catch let error as TandemError where error.code == .invalidInput {
                // A query vector of the wrong length: the route's model and the index do not match.
                throw HTTPError(
                    status: 500, message: "the search model does not match the index (\(index.variant))")
            }
            let data: [JSONValue] = hits.map { hit in
                [
                    "id": .string(hit.id), "score": .double(Double(hit.score)), "text": .string(hit.text),
                    "metadata": .object(hit.metadata),
                ]
            }
            let body: JSONValue = [
                "object": "list",
                "data": .array(data),
                "model": .string(embedded.model),
                "usage": ["input_tokens": .integer(Int64(embedded.inputTokens))],
            ]
            return .json(Array(body.canonicalJSON().utf8))
        }
        self.route("POST", "/v1/search", handler)
        self.route("POST", "/v1/vectors/search", handler)
    }
}
