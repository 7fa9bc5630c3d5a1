import Foundation
import NIOCore
import TandemApp
import TandemAWS
import TandemCore
import TandemEvents
import TandemModels
import TandemSQLite
import Testing

@Suite(
    "Pipeline outputs in S3 against moto (signature checking on)",
    .enabled(if: MotoPeer.isAvailable),
    .timeLimit(.minutes(3))
)
struct PipelineOutputsMotoTests {
    static func s3Records(bucket: String, keys: [String]) throws -> [S3Event.Record] {
        try JSONDecoder().decode(S3Event.self, from: PipelineFixture.s3Event(bucket: bucket, keys: keys)).records
    }

    @Test("classify writes <key>.classification.json beside the object and the DynamoDB item; its own result is never classified")
    func resultBesideTheObject() async throws {
        let moto = try #require(try await MotoPeer.get())
        let s3 = S3Client(client: moto.client(.s3))
        let dynamo = DynamoDBClient(client: moto.client(.dynamoDB))
        let bucket = MotoPeer.uniqueName("uploads")
        let table = MotoPeer.uniqueName("classified")
        try await s3.createBucket(bucket)
        try await dynamo.createTable(table, partitionKey: "id")
        try await s3.putObject(bucket: bucket, key: "inbox/bill 7.txt", body: ByteBuffer(string: "Invoice 7: 360 EUR due."),
                               contentType: "text/plain")
        let script = ClassifierScript([ClassifierScript.call(#"{"label":"invoice","confidence":0.9,"reason":"an amount due"}"#)])
        let beside = S3ResultStore(client: s3)
        let pipeline = ClassifyPipeline(
            configuration: .init(labels: [.init(name: "invoice"), .init(name: "recipe")]),
            classifier: LLMClassifier(chat: script, model: "m"),
            documents: S3DocumentSource(client: s3),
            results: ResultStoreGroup([DynamoDBResultStore(client: dynamo, table: table), beside])
        )
        for record in try Self.s3Records(bucket: bucket, keys: ["inbox/bill+7.txt"]) {
            try await pipeline.handle(record, context: BatchTestSupport.context())
        }
        let object = try await s3.getObject(bucket: bucket, key: "inbox/bill 7.txt.classification.json")
        #expect(object.metadata.contentType == "application/json")
        let json = try JSONValue(parsing: String(buffer: try await object.body.collect(upTo: 1 << 20)))
        #expect(json["id"] == .string("\(bucket)/inbox/bill 7.txt"))
        #expect(json["label"] == "invoice")
        #expect(json["confidence"] == 0.9)
        #expect(json["pipeline"] == "classify")
        #expect(json["source"] == .string("s3://\(bucket)/inbox/bill 7.txt"))
        let item = try #require(try await dynamo.getItem(table: table, key: ["id": .string("\(bucket)/inbox/bill 7.txt")]))
        #expect(item["label"] == "invoice")
        #expect(try await beside.result(id: "\(bucket)/inbox/bill 7.txt")?.fields["reason"] == "an amount due")

        // The bucket notifies the PutObject of the result: that record (S3 -> Lambda or S3 -> SQS) is skipped.
        for record in try Self.s3Records(bucket: bucket, keys: ["inbox/bill+7.txt.classification.json"]) {
            try await pipeline.handle(record, context: BatchTestSupport.context())
        }
        let message = try SQSEvent.Message.fixture(body: String(decoding: try PipelineFixture.s3Event(
            bucket: bucket, keys: ["inbox/bill+7.txt.classification.json"]), as: UTF8.self))
        try await pipeline.handle(message, context: BatchTestSupport.context())
        #expect(script.requests.count == 1)
        let keys = try await s3.listObjectsV2(bucket: bucket).objects.map(\.key).sorted()
        #expect(keys == ["inbox/bill 7.txt", "inbox/bill 7.txt.classification.json"])
    }

    @Test("a result write with a wrong signature fails (moto checks signatures)")
    func wrongSignatureFails() async throws {
        let moto = try #require(try await MotoPeer.get())
        let bucket = MotoPeer.uniqueName("uploads")
        try await S3Client(client: moto.client(.s3)).createBucket(bucket)
        let forged = AWSCredentials(accessKeyID: moto.credentials.accessKeyID, secretAccessKey: "not-the-secret")
        let store = S3ResultStore(client: S3Client(client: moto.client(.s3, credentials: forged)))
        let result = PipelineResult(id: "\(bucket)/a.txt", pipeline: "classify",
                                    fields: ["label": "invoice", "source": .string("s3://\(bucket)/a.txt")])
        await #expect(throws: AWSServiceError.self) { try await store.put(result) }
    }

    @Test("embed writes one JSON Lines object per document (id, chunk, text, embedding), replaced on re-embedding")
    func vectorsAsJSONLines() async throws {
        let moto = try #require(try await MotoPeer.get())
        let s3 = S3Client(client: moto.client(.s3))
        let bucket = MotoPeer.uniqueName("vectors")
        try await s3.createBucket(bucket)
        let database = try SQLiteDatabase.inMemory()
        let index = try VectorIndex(database: database, variant: HashEmbeddings.model, dimensions: HashEmbeddings.dimensions)
        let objects = S3VectorObjects(client: s3, bucket: bucket)
        let pipeline = EmbedPipeline(
            configuration: .init(chunker: TextChunker(size: 60, overlap: 0)),
            embeddings: HashEmbeddings.pipelineEmbeddings,
            index: index,
            documents: S3DocumentSource(client: s3),
            results: try SQLiteResultStore(database: database),
            vectorObjects: objects
        )
        let text = """
            Volcanoes form where magma reaches the surface. Lava cools into new rock. \
            Ash clouds can ground aircraft for days. Some volcanoes sleep for centuries.
            """
        let result = try await pipeline.process(.text(id: "doc-1", text: text), context: BatchTestSupport.context())
        let chunks = try #require(result.fields["chunks"]?.integerValue)
        #expect(chunks > 1)
        #expect(result.fields["vectors_object"] == .string("s3://\(bucket)/vectors/doc-1.vectors.jsonl"))
        let object = try await s3.getObject(bucket: bucket, key: "vectors/doc-1.vectors.jsonl")
        let body = String(buffer: try await object.body.collect(upTo: 1 << 20))
        let lines = body.split(separator: "\n")
        #expect(lines.count == Int(chunks))
        for (number, line) in lines.enumerated() {
            let value = try JSONValue(parsing: String(line))
            #expect(value["id"] == .string("doc-1#\(number)"))
            #expect(value["document_id"] == "doc-1")
            #expect(value["chunk"] == .integer(Int64(number)))
            #expect(value["model"] == .string(HashEmbeddings.model))
            let embedding = try #require(value["embedding"]?.arrayValue)
            let stored = try #require(try index.record(id: "doc-1#\(number)"))
            #expect(embedding.map { Float($0.doubleValue ?? .nan) } == stored.vector)
            #expect(value["text"] == .string(stored.text))
        }
        // Shorter text: the object is replaced whole (no stale chunk lines).
        _ = try await pipeline.process(.text(id: "doc-1", text: "Lava cools."), context: BatchTestSupport.context())
        let again = try #require(try await objects.read(document: "doc-1"))
        #expect(again.map(\.id) == ["doc-1#0"])
        #expect(again[0].vector == HashEmbeddings.vector("Lava cools."))

        // A notification of the vector object itself is not embedded.
        let message = try SQSEvent.Message.fixture(body: String(decoding: try PipelineFixture.s3Event(
            bucket: bucket, keys: ["vectors/doc-1.vectors.jsonl"]), as: UTF8.self))
        try await pipeline.handle(message, context: BatchTestSupport.context())
        #expect(try index.count() == 1)
    }
}

extension SQSEvent.Message {
    /// A message carrying `body`, as SQS delivers it to Lambda.
    static func fixture(body: String) throws -> SQSEvent.Message {
        var message = try #require(BatchTestSupport.sqsEvent(count: 1).records.first)
        message.body = body
        return message
    }
}
