public import TandemCore
public import TandemModels
public import TandemSQLite

extension VectorIndex {
    /// Opens (creating if needed) a collection for `embedder`'s vectors: bound to its variant (model and precision)
    /// and dimensions.
    /// - Throws: See ``init(database:collection:variant:dimensions:)``.
    public convenience init(database: SQLiteDatabase, collection: String = "documents", embedder: SentenceEmbedder)
        throws
    {
        try self.init(database: database, collection: collection, variant: embedder.variant,
                      dimensions: embedder.dimensions)
    }

    /// Embeds and stores texts (replacing records with the same ids), in input order.
    /// - Parameters:
    ///   - documents: Ids, texts and metadata.
    ///   - embedder: Must be the variant the collection holds.
    /// - Throws: ``TandemCore/TandemError`` `vector_variant_mismatch` for another variant; see ``upsert(_:)``.
    public func add(
        _ documents: [(id: String, text: String, metadata: [String: JSONValue])], embedder: SentenceEmbedder
    ) throws {
        try self.requireVariant(of: embedder)
        let vectors = embedder.embed(documents.map(\.text))
        try self.upsert(zip(documents, vectors).map { document, vector in
            VectorRecord(id: document.id, text: document.text, metadata: document.metadata, vector: vector)
        })
    }

    /// The `k` stored texts closest in meaning to `query`, best first; see ``search(_:k:filter:)``.
    /// - Throws: ``TandemCore/TandemError`` `vector_variant_mismatch` when `embedder` is another variant.
    public func search(
        text query: String, k: Int, filter: [String: JSONValue] = [:], embedder: SentenceEmbedder
    ) throws -> [VectorSearchResult] {
        try self.requireVariant(of: embedder)
        return try self.search(embedder.embed(query), k: k, filter: filter)
    }

    private func requireVariant(of embedder: SentenceEmbedder) throws {
        guard embedder.variant == self.variant, embedder.dimensions == self.dimensions else {
            throw TandemError(
                Self.variantMismatch,
                "collection '\(self.collection)' holds \(self.variant) vectors, the embedder makes \(embedder.variant)")
        }
    }
}
