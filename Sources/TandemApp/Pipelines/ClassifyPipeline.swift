import Logging
import Synchronization
import TandemCore
public import TandemEvents
public import TandemModels

/// S3 upload -> classify: reads each new object (text, Markdown, HTML, JSON; at most
/// ``Configuration/maximumBytes``, a prefix of larger ones), classifies it into the configured labels by embedding
/// similarity (TandemModels' ``TandemModels/ZeroShotClassifier``), and writes the label, confidence, model and
/// usage to the ``ResultStore`` under `bucket/key`.
///
/// A record whose object is missing, not text or not UTF-8 fails alone. Entry points: ``handle(_:context:)-(S3Event.Record,_)``
/// for S3 notifications (`table.onS3`), ``handle(_:context:)-(SQSEvent.Message,_)`` for S3 -> SQS notifications
/// and `{"id","text"}` messages (`table.onSQS`, `tandem worker --pipeline classify`).
///
/// ```swift
/// let classify = ClassifyPipeline(
///     configuration: .init(labels: [.init(name: "invoice", description: "an invoice or a bill")]),
///     embeddings: PipelineEmbeddings(provider: LocalEmbeddingProvider(), model: "all-MiniLM-L6-v2"),
///     documents: S3DocumentSource(client: try S3Client()),
///     results: try SQLiteResultStore(database: database))
/// table.onS3 { record, context in try await classify.handle(record, context: context) }
/// ```
public struct ClassifyPipeline: Sendable {
    /// The labels and limits.
    public struct Configuration: Sendable {
        /// The classes: a name, and a description that is embedded (the name when none is given).
        public var labels: [ZeroShotClassifier.Label]
        /// Best similarity below which the answer is no label (default 0.2).
        public var noneThreshold: Float
        /// Softmax temperature over the similarities (default 0.05).
        public var temperature: Float
        /// The most bytes read of a document (default 1 MiB); larger documents are classified by that prefix.
        public var maximumBytes: Int

        /// Creates a configuration.
        public init(
            labels: [ZeroShotClassifier.Label],
            noneThreshold: Float = 0.2,
            temperature: Float = 0.05,
            maximumBytes: Int = 1 << 20
        ) {
            self.labels = labels
            self.noneThreshold = noneThreshold
            self.temperature = temperature
            self.maximumBytes = maximumBytes
        }
    }

    /// The settings.
    public let configuration: Configuration
    private let embeddings: PipelineEmbeddings
    private let documents: any DocumentSource
    private let results: any ResultStore
    private let labelVectors = LabelVectors()

    /// Creates the pipeline; nothing is loaded or embedded until the first document.
    public init(
        configuration: Configuration,
        embeddings: PipelineEmbeddings,
        documents: any DocumentSource,
        results: any ResultStore
    ) {
        self.configuration = configuration
        self.embeddings = embeddings
        self.documents = documents
        self.results = results
    }

    /// Classifies the object of an S3 notification record (`ObjectCreated` events; others are ignored).
    /// - Throws: ``PipelineError`` for an unreadable document; the provider's and the store's errors.
    public func handle(_ record: S3Event.Record, context: HandlerContext) async throws {
        guard record.eventName.hasPrefix("ObjectCreated") else { return }
        _ = try await self.process(.object(bucket: record.s3.bucket.name, key: record.s3.object.decodedKey), context: context)
    }

    /// Classifies the documents an SQS message names (see ``PipelineInput/inputs(in:)``).
    /// - Throws: ``PipelineError`` for an unreadable document; the provider's and the store's errors.
    public func handle(_ message: SQSEvent.Message, context: HandlerContext) async throws {
        for input in PipelineInput.inputs(in: message) {
            _ = try await self.process(input, context: context)
        }
    }

    /// Classifies one document and stores the result.
    /// - Returns: the stored result.
    /// - Throws: ``PipelineError`` for an unreadable document; the provider's and the store's errors.
    @discardableResult
    public func process(_ input: PipelineInput, context: HandlerContext) async throws -> PipelineResult {
        var text: String
        var truncated = false
        switch input {
        case .text(_, let body):
            text = body
            if text.utf8.count > self.configuration.maximumBytes {
                text = String(decoding: Array(text.utf8.prefix(self.configuration.maximumBytes)), as: UTF8.self)
                truncated = true
            }
        case .object(let bucket, let key):
            let document = try await self.documents.read(
                bucket: bucket,
                key: key,
                maximumBytes: self.configuration.maximumBytes,
                deadline: context.deadline
            )
            text = try DocumentText.extract(document.completeUTF8Bytes, name: key, contentType: document.contentType)
            truncated = document.isTruncated
        }
        let labels = try await self.labelVectors.vectors(for: self.configuration.labels, embeddings: self.embeddings, deadline: context.deadline)
        let embedded = try await self.embeddings.embed([text], deadline: context.deadline)
        let classifier = ZeroShotClassifier(
            labels: self.configuration.labels,
            temperature: self.configuration.temperature,
            noneThreshold: self.configuration.noneThreshold
        )
        let prediction = classifier.classify(embedded.vectors[0], labelEmbeddings: labels)
        let result = PipelineResult(
            id: input.documentID,
            pipeline: "classify",
            fields: [
                "label": prediction.label.map(JSONValue.string) ?? .null,
                "confidence": .double(Double(prediction.confidence)),
                "scores": .object(
                    Dictionary(uniqueKeysWithValues: prediction.scores.map { ($0.label, JSONValue.double(Double($0.probability))) })
                ),
                "model": .string(embedded.model),
                "usage": ["input_tokens": .integer(Int64(embedded.inputTokens))],
                "truncated": .bool(truncated),
            ]
        )
        try await self.results.put(result)
        context.logger.debug(
            "document classified",
            metadata: ["document.id": "\(result.id)", "label": "\(prediction.label ?? "none")"]
        )
        return result
    }
}

/// The label descriptions' embeddings, computed once per pipeline on first use.
final class LabelVectors: Sendable {
    private let vectors = Mutex<[[Float]]?>(nil)

    func vectors(
        for labels: [ZeroShotClassifier.Label],
        embeddings: PipelineEmbeddings,
        deadline: Deadline
    ) async throws -> [[Float]] {
        if let cached = self.vectors.withLock({ $0 }) { return cached }
        let computed = try await embeddings.embed(labels.map(\.description), deadline: deadline).vectors
        self.vectors.withLock { $0 = computed }
        return computed
    }
}
