import Logging
import TandemCore
public import TandemEvents

/// SQS content -> embed: each document a message names (text in the message, or an S3 object) is chunked
/// (sentence-aware, ``TextChunker``), embedded, and stored in the ``VectorIndex`` as records `<document id>#<n>`
/// with the document id, chunk number and source in their metadata; the chunk count, model and usage go to the
/// ``ResultStore``. Re-embedding a document replaces its chunks (and deletes any left over from a longer version).
///
/// With ``S3VectorObjects`` the chunks are also written to S3 as JSON Lines, one object per document (on AWS,
/// where the SQLite index is not shared between functions). Objects whose key ends with one of
/// ``Configuration/ignoredKeySuffixes`` (the vector objects' `.vectors.jsonl` and the classify results'
/// `.classification.json` by default) are skipped, so a bucket notifying on every PutObject never feeds the
/// pipeline its own output.
///
/// Entry point: ``handle(_:context:)`` for `table.onSQS` and `tandem worker --pipeline embed`; search the index
/// with ``VectorIndex/search(_:k:filter:)`` or the `POST /v1/search` route (``HandlerTable/addVectorSearch(index:embeddings:)``).
public struct EmbedPipeline: Sendable {
    /// Chunking and limits.
    public struct Configuration: Sendable {
        /// How text is cut into chunks (default 1,000 characters with 200 of overlap).
        public var chunker: TextChunker
        /// The most bytes read of an S3 object (default 4 MiB; a larger one is embedded up to that prefix and its
        /// result says `truncated`).
        public var maximumBytes: Int
        /// Object keys ending with one of these are not embedded.
        public var ignoredKeySuffixes: [String]

        /// Creates a configuration.
        public init(
            chunker: TextChunker = TextChunker(),
            maximumBytes: Int = 4 << 20,
            ignoredKeySuffixes: [String] = [S3VectorObjects.suffix, S3ResultStore.defaultSuffix]
        ) {
            self.chunker = chunker
            self.maximumBytes = maximumBytes
            self.ignoredKeySuffixes = ignoredKeySuffixes
        }
    }

    /// The settings.
    public let configuration: Configuration
    private let embeddings: PipelineEmbeddings
    private let index: VectorIndex
    private let documents: (any DocumentSource)?
    private let results: any ResultStore
    private let vectorObjects: S3VectorObjects?

    /// Creates the pipeline.
    /// - Parameters:
    ///   - configuration: chunking and limits.
    ///   - embeddings: the model; its vectors must match `index`'s variant and dimensions.
    ///   - index: where the chunk vectors go.
    ///   - documents: where S3 objects named by messages are read, or `nil` to accept only text messages.
    ///   - results: where each document's summary record goes.
    ///   - vectorObjects: where each document's chunks are also written as JSON Lines, or `nil`.
    public init(
        configuration: Configuration = Configuration(),
        embeddings: PipelineEmbeddings,
        index: VectorIndex,
        documents: (any DocumentSource)?,
        results: any ResultStore,
        vectorObjects: S3VectorObjects? = nil
    ) {
        self.vectorObjects = vectorObjects
        self.configuration = configuration
        self.embeddings = embeddings
        self.index = index
        self.documents = documents
        self.results = results
    }

    /// Embeds the documents an SQS message names (see ``PipelineInput/inputs(in:)``).
    /// - Throws: ``PipelineError`` for an unreadable document; the provider's, the index's and the store's errors.
    public func handle(_ message: SQSEvent.Message, context: HandlerContext) async throws {
        for input in PipelineInput.inputs(in: message) {
            if case .object(_, let key) = input,
                self.configuration.ignoredKeySuffixes.contains(where: { !$0.isEmpty && key.hasSuffix($0) })
            {
                context.logger.debug("pipeline output skipped", metadata: ["document.id": "\(input.documentID)"])
                continue
            }
            _ = try await self.process(input, context: context)
        }
    }

    /// Chunks, embeds and stores one document.
    /// - Returns: the stored result (`chunks`, `model`, `usage`, `truncated`).
    /// - Throws: ``PipelineError`` for an unreadable document; the provider's, the index's and the store's errors.
    @discardableResult
    public func process(_ input: PipelineInput, context: HandlerContext) async throws -> PipelineResult {
        let text: String
        var truncated = false
        var source = "message"
        switch input {
        case .text(_, let body):
            text = body
        case .object(let bucket, let key):
            guard let documents = self.documents else {
                throw PipelineError(PipelineError.invalidInput, "no document source is configured to read \(bucket)/\(key)")
            }
            let document = try await documents.read(
                bucket: bucket,
                key: key,
                maximumBytes: self.configuration.maximumBytes,
                deadline: context.deadline
            )
            text = try DocumentText.extract(document.completeUTF8Bytes, name: key, contentType: document.contentType)
            truncated = document.isTruncated
            source = "s3://\(bucket)/\(key)"
        }
        let id = input.documentID
        let chunks = self.configuration.chunker.chunks(text)
        let embedded = try await self.embeddings.embed(chunks, deadline: context.deadline)
        let records = zip(chunks, embedded.vectors).enumerated().map { number, pair in
            VectorRecord(
                id: "\(id)#\(number)",
                text: pair.0,
                metadata: ["document_id": .string(id), "chunk": .integer(Int64(number)), "source": .string(source)],
                vector: pair.1
            )
        }
        let previous = try await self.results.result(id: id)
        try self.index.upsert(records)
        if let previousCount = previous?.fields["chunks"]?.integerValue, previousCount > Int64(records.count) {
            _ = try self.index.delete(ids: (records.count..<Int(previousCount)).map { "\(id)#\($0)" })
        }
        let vectorsObject = try await self.vectorObjects?.write(
            records, document: id, model: embedded.model, deadline: context.deadline)
        var result = PipelineResult(
            id: id,
            pipeline: "embed",
            fields: [
                "chunks": .integer(Int64(records.count)),
                "collection": .string(self.index.collection),
                "model": .string(embedded.model),
                "usage": ["input_tokens": .integer(Int64(embedded.inputTokens))],
                "truncated": .bool(truncated),
                "source": .string(source),
            ]
        )
        if let vectorsObject { result.fields["vectors_object"] = .string(vectorsObject) }
        try await self.results.put(result)
        context.logger.debug("document embedded", metadata: ["document.id": "\(id)", "chunks": "\(records.count)"])
        return result
    }
}
