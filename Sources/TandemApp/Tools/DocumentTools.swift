import NIOCore
public import TandemAWS
public import TandemCore
public import TandemModels

extension BuiltinTools {
    /// `read_s3_object`: read a text object from an allowed bucket (the first `maxBytes`, and whether it was cut).
    /// - Parameters:
    ///   - s3: The S3 client.
    ///   - buckets: The buckets the model may read (no others, whatever it asks).
    ///   - maxBytes: The most bytes returned.
    public static func readS3Object(s3: S3Client, buckets: [String], maxBytes: Int = 256 * 1024) -> AgentTool {
        AgentTool(
            name: "read_s3_object",
            description: "Read a text object from S3. Buckets you may read: \(buckets.joined(separator: ", ")).",
            parameters: [
                "type": "object",
                "properties": ["bucket": ["type": "string"], "key": ["type": "string", "minLength": 1]],
                "required": ["bucket", "key"],
                "additionalProperties": false,
            ],
            effect: .readOnly
        ) { arguments, context in
            let bucket = arguments["bucket"]?.stringValue ?? ""
            let key = arguments["key"]?.stringValue ?? ""
            guard buckets.contains(bucket) else {
                throw TandemError(.invalidInput, "bucket '\(bucket)' is not one this agent may read")
            }
            let object = try await s3.getObject(bucket: bucket, key: key, deadline: context.deadline)
            var collected: [UInt8] = []
            var truncated = false
            for try await chunk in object.body {
                let room = maxBytes - collected.count
                if chunk.readableBytes > room {
                    collected += chunk.readableBytesView.prefix(room)
                    truncated = true
                    break
                }
                collected += chunk.readableBytesView
            }
            return .result([
                "bucket": .string(bucket), "key": .string(key), "text": .string(String(decoding: collected, as: UTF8.self)),
                "truncated": .bool(truncated),
            ])
        }
    }

    /// `search_documents`: the stored texts closest in meaning to a query, from the vector index of the pipelines.
    /// - Parameter search: The query and the number of hits in, the hits out (best first).
    public static func searchDocuments(
        search: @escaping @Sendable (_ query: String, _ k: Int) async throws -> [VectorSearchResult]
    ) -> AgentTool {
        AgentTool(
            name: "search_documents",
            description: "Search the document store for passages about a query; returns the best matches first.",
            parameters: [
                "type": "object",
                "properties": [
                    "query": ["type": "string", "minLength": 1],
                    "k": ["type": "integer", "minimum": 1, "maximum": 20],
                ],
                "required": ["query"],
                "additionalProperties": false,
            ],
            effect: .readOnly
        ) { arguments, _ in
            let hits = try await search(arguments["query"]?.stringValue ?? "", Int(arguments["k"]?.integerValue ?? 5))
            return .result(.array(hits.map { hit in
                ["id": .string(hit.id), "text": .string(hit.text), "score": .double(Double(hit.score)), "metadata": .object(hit.metadata)]
            }))
        }
    }

    /// `search_documents` over `index`, embedding queries with `embedder` (the local MiniLM model).
    public static func searchDocuments(index: VectorIndex, embedder: SentenceEmbedder) -> AgentTool {
        Self.searchDocuments { query, k in try index.search(text: query, k: k, embedder: embedder) }
    }
}
