import Logging
import Synchronization
import TandemCore
public import TandemEvents
public import TandemModels

/// S3 upload -> classify: reads each new object (text, Markdown, HTML, JSON; at most
/// ``Configuration/maximumBytes``, a prefix of larger ones), classifies it into the configured labels, and writes
/// the label, confidence, model and usage to the ``ResultStore`` under `bucket/key`.
///
/// Two ways to classify: by embedding similarity with the local model (TandemModels'
/// ``TandemModels/ZeroShotClassifier``; ``init(configuration:embeddings:documents:results:)``), or by a chat model
/// through the router with a forced tool call whose answer is validated (``LLMClassifier``;
/// ``init(configuration:classifier:documents:results:)``), which adds the reason and the cost to the result.
///
/// Objects whose key ends with one of ``Configuration/ignoredKeySuffixes`` (by default `.classification.json`,
/// what ``S3ResultStore`` writes beside each object) are skipped, so a bucket that notifies on every PutObject
/// never makes the pipeline classify its own results.
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
        /// Object keys ending with one of these are not classified (default: ``S3ResultStore/defaultSuffix``, so
        /// the results written beside objects never trigger the pipeline again).
        public var ignoredKeySuffixes: [String]

        /// Creates a configuration.
        public init(
            labels: [ZeroShotClassifier.Label],
            noneThreshold: Float = 0.2,
            temperature: Float = 0.05,
            maximumBytes: Int = 1 << 20,
            ignoredKeySuffixes: [String] = [S3ResultStore.defaultSuffix]
        ) {
            self.labels = labels
            self.noneThreshold = noneThreshold
            self.temperature = temperature
            self.maximumBytes = maximumBytes
            self.ignoredKeySuffixes = ignoredKeySuffixes
        }
    }

    /// How documents are classified.
    enum Method: Sendable {
        case embeddings(PipelineEmbeddings, LabelVectors)
        case llm(LLMClassifier)
    }

    /// The settings.
    public let configuration: Configuration
    private let method: Method
    private let documents: any DocumentSource
    private let results: any ResultStore

    /// Creates the pipeline classifying by local embedding similarity; nothing is loaded or embedded until the
    /// first document.
    public init(
        configuration: Configuration,
        embeddings: PipelineEmbeddings,
        documents: any DocumentSource,
        results: any ResultStore
    ) {
        self.configuration = configuration
        self.method = .embeddings(embeddings, LabelVectors())
        self.documents = documents
        self.results = results
    }

    /// Creates the pipeline classifying with a chat model (a forced, validated tool call; see ``LLMClassifier``).
    public init(
        configuration: Configuration,
        classifier: LLMClassifier,
        documents: any DocumentSource,
        results: any ResultStore
    ) {
        self.configuration = configuration
        self.method = .llm(classifier)
        self.documents = documents
        self.results = results
    }

    /// Whether `input` is a document to classify (not an object with an ignored key suffix).
    public func accepts(_ input: PipelineInput) -> Bool {
        guard case .object(_, let key) = input else { return true }
        return !self.configuration.ignoredKeySuffixes.contains { !$0.isEmpty && key.hasSuffix($0) }
    }

    /// Classifies the object of an S3 notification record (`ObjectCreated` events; others are ignored).
    /// - Throws: ``PipelineError`` for an unreadable document; the provider's and the store's errors.
    public func handle(_ record: S3Event.Record, context: HandlerContext) async throws {
        guard record.eventName.hasPrefix("ObjectCreated") else { return }
        let input = PipelineInput.object(bucket: record.s3.bucket.name, key: record.s3.object.decodedKey)
        guard self.accepts(input) else {
            context.logger.debug("result object skipped", metadata: ["document.id": "\(input.documentID)"])
            return
        }
        _ = try await self.process(input, context: context)
    }

    /// Classifies the documents an SQS message names (see ``PipelineInput/inputs(in:)``).
    /// - Throws: ``PipelineError`` for an unreadable document; the provider's and the store's errors.
    public func handle(_ message: SQSEvent.Message, context: HandlerContext) async throws {
        for input in PipelineInput.inputs(in: message) {
            guard self.accepts(input) else {
                context.logger.debug("result object skipped", metadata: ["document.id": "\(input.documentID)"])
                continue
            }
            _ = try await self.process(input, context: context)
        }
    }

    /// Classifies one document and stores the result (whatever its key; the handlers skip ignored suffixes).
    /// - Returns: the stored result: `label` (`null` for none), `confidence`, `model`, `usage`, `truncated`,
    ///   `method` (`embeddings` or `llm`), `source` (`s3://bucket/key`, objects only); with an LLM also `reason`,
    ///   `provider`, `attempts` and `cost_usd` (when the price is known); with embeddings `scores`.
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
        var fields: [String: JSONValue]
        switch self.method {
        case .embeddings(let embeddings, let labelVectors):
            fields = try await self.classifyByEmbeddings(text, embeddings: embeddings, labelVectors: labelVectors, context: context)
        case .llm(let classifier):
            let answer = try await classifier.classify(text, labels: self.configuration.labels, deadline: context.deadline)
            fields = answer.resultFields
        }
        fields["truncated"] = .bool(truncated)
        if case .object(let bucket, let key) = input { fields["source"] = .string("s3://\(bucket)/\(key)") }
        let result = PipelineResult(id: input.documentID, pipeline: "classify", fields: fields)
        try await self.results.put(result)
        context.logger.debug(
            "document classified",
            metadata: ["document.id": "\(result.id)", "label": "\(result.fields["label"]?.stringValue ?? "none")"]
        )
        return result
    }

    private func classifyByEmbeddings(
        _ text: String,
        embeddings: PipelineEmbeddings,
        labelVectors: LabelVectors,
        context: HandlerContext
    ) async throws -> [String: JSONValue] {
        let labels = try await labelVectors.vectors(for: self.configuration.labels, embeddings: embeddings, deadline: context.deadline)
        let embedded = try await embeddings.embed([text], deadline: context.deadline)
        let classifier = ZeroShotClassifier(
            labels: self.configuration.labels,
            temperature: self.configuration.temperature,
            noneThreshold: self.configuration.noneThreshold
        )
        let prediction = classifier.classify(embedded.vectors[0], labelEmbeddings: labels)
        return [
            "label": prediction.label.map(JSONValue.string) ?? .null,
            "confidence": .double(Double(prediction.confidence)),
            "scores": .object(
                Dictionary(uniqueKeysWithValues: prediction.scores.map { ($0.label, JSONValue.double(Double($0.probability))) })
            ),
            "model": .string(embedded.model),
            "method": "embeddings",
            "usage": ["input_tokens": .integer(Int64(embedded.inputTokens))],
        ]
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
