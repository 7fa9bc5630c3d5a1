import Crypto
import Logging
import TandemCore
public import TandemEvents
import TandemModels

/// DynamoDB stream -> summarize: on `INSERT` or `MODIFY` of an item whose text attribute is set, picks the most
/// central sentences (TandemModels' ``TandemModels/ExtractiveSummarizer`` over the configured embeddings) and writes
/// the summary back with the SHA-256 of the text it summarises.
///
/// **It never triggers itself forever**: the write-back is itself a `MODIFY` on the stream, and a record whose
/// stored hash (``Attributes/sourceHash``) equals the hash of its current text is skipped, as is one whose text did
/// not change since the old image. Needs the stream view type `NEW_IMAGE` or `NEW_AND_OLD_IMAGES`.
///
/// Entry point: ``handle(_:context:)`` for `table.onDynamoDBStream`.
public struct SummarizePipeline: Sendable {
    /// The attribute names the pipeline reads and writes.
    public struct Attributes: Sendable, Hashable {
        /// The text to summarise (default `text`).
        public var text: String
        /// Where the summary goes (default `summary`).
        public var summary: String
        /// Where the SHA-256 of the summarised text goes (default `summary_source_hash`).
        public var sourceHash: String
        /// Where the model's name goes (default `summary_model`).
        public var model: String

        /// Creates the names.
        public init(
            text: String = "text",
            summary: String = "summary",
            sourceHash: String = "summary_source_hash",
            model: String = "summary_model"
        ) {
            self.text = text
            self.summary = summary
            self.sourceHash = sourceHash
            self.model = model
        }
    }

    /// What happened to one stream record.
    public enum Outcome: Sendable, Hashable {
        /// The summary was written.
        case summarized(DocumentSummary)
        /// Nothing to do: a `REMOVE`, no text, or text already summarised (the pipeline's own write-back).
        case skipped(reason: String)
    }

    /// The attribute names.
    public let attributes: Attributes
    /// The longest summary, in characters (default 600).
    public let characterBudget: Int
    private let embeddings: PipelineEmbeddings
    private let writer: any SummaryWriter

    /// Creates the pipeline.
    public init(
        attributes: Attributes = Attributes(),
        characterBudget: Int = 600,
        embeddings: PipelineEmbeddings,
        writer: any SummaryWriter
    ) {
        self.attributes = attributes
        self.characterBudget = characterBudget
        self.embeddings = embeddings
        self.writer = writer
    }

    /// Summarises one stream record, or skips it.
    /// - Throws: the provider's and the writer's errors.
    public func handle(_ record: DynamoDBStreamEvent.Record, context: HandlerContext) async throws {
        _ = try await self.process(record, context: context)
    }

    /// Summarises one stream record, or says why it was skipped.
    /// - Throws: the provider's and the writer's errors.
    @discardableResult
    public func process(_ record: DynamoDBStreamEvent.Record, context: HandlerContext) async throws -> Outcome {
        guard record.eventName.rawValue == "INSERT" || record.eventName.rawValue == "MODIFY" else {
            return .skipped(reason: "event \(record.eventName)")
        }
        guard case .string(let text)? = record.dynamodb.newImage?[self.attributes.text] else {
            return .skipped(reason: "no string attribute \(self.attributes.text) in the new image")
        }
        let hash = Self.sourceHash(text)
        if case .string(let stored)? = record.dynamodb.newImage?[self.attributes.sourceHash], stored == hash {
            return .skipped(reason: "text already summarised")
        }
        if case .string(let oldText)? = record.dynamodb.oldImage?[self.attributes.text], oldText == text,
            record.dynamodb.newImage?[self.attributes.summary] != nil
        {
            return .skipped(reason: "text unchanged")
        }
        let summary = try await self.summarize(text, hash: hash, deadline: context.deadline)
        try await self.writer.write(
            summary,
            keys: record.dynamodb.keys,
            sourceARN: record.eventSourceARN,
            attributes: self.attributes,
            deadline: context.deadline
        )
        context.logger.debug("item summarized", metadata: ["event.id": "\(record.eventID)"])
        return .summarized(summary)
    }

    /// The extractive summary of `text`.
    func summarize(_ text: String, hash: String, deadline: Deadline) async throws -> DocumentSummary {
        let sentences = ExtractiveSummarizer.sentences(in: text)
        guard !sentences.isEmpty else {
            return DocumentSummary(summary: "", sourceHash: hash, model: self.embeddings.model, inputTokens: 0)
        }
        let embedded = try await self.embeddings.embed(sentences, deadline: deadline)
        let summarizer = ExtractiveSummarizer(characterBudget: self.characterBudget)
        let kept = summarizer.select(embeddings: embedded.vectors, lengths: sentences.map(\.count))
        return DocumentSummary(
            summary: kept.map { sentences[$0] }.joined(separator: " "),
            sourceHash: hash,
            model: embedded.model,
            inputTokens: embedded.inputTokens
        )
    }

    /// SHA-256 (lowercase hex) of the text's UTF-8 bytes.
    public static func sourceHash(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}
