import Foundation
import TandemApp
import TandemAWS
import TandemCore
import TandemEvents
import Testing

@Suite(
    "Pipeline stores against moto (signature checking on)",
    .enabled(if: MotoPeer.isAvailable),
    .timeLimit(.minutes(3))
)
struct PipelinesMotoTests {
    @Test("DynamoDB result store: one item per document, fields as attributes, read back equal")
    func resultStore() async throws {
        let moto = try #require(try await MotoPeer.get())
        let dynamo = DynamoDBClient(client: moto.client(.dynamoDB))
        let table = MotoPeer.uniqueName("results")
        try await dynamo.createTable(table, partitionKey: "id")
        let store = DynamoDBResultStore(client: dynamo, table: table)
        let result = PipelineResult(
            id: "inbox/invoice-1.txt",
            pipeline: "classify",
            fields: [
                "label": "invoice", "confidence": 0.875, "truncated": false, "scores": ["invoice": 0.875, "recipe": 0.125],
                "usage": ["input_tokens": 31], "model": "all-MiniLM-L6-v2/fp32",
            ],
            updatedAt: 1_700_000_000_123
        )
        try await store.put(result)
        #expect(try await store.result(id: result.id) == result)
        let item = try #require(try await dynamo.getItem(table: table, key: ["id": .string(result.id)]))
        #expect(item["label"] == .string("invoice"))
        #expect(item["pipeline"] == .string("classify"))
        #expect(try await store.result(id: "missing") == nil)
    }

    @Test(
        "summaries are written back to the item, and the write-back's stream record is skipped",
        .enabled(if: PipelineFixture.modelFolder != nil, "model files not installed")
    )
    func summarizeWriteBack() async throws {
        let moto = try #require(try await MotoPeer.get())
        let dynamo = DynamoDBClient(client: moto.client(.dynamoDB))
        let table = MotoPeer.uniqueName("articles")
        try await dynamo.createTable(table, partitionKey: "pk")
        let text = """
            The museum reopened after a two-year renovation. Visitors can now see the restored ceiling paintings. \
            Tickets are cheaper for students on weekdays. The café on the top floor serves lunch until three.
            """
        let item: [String: AttributeValue] = ["pk": "a1", "text": .string(text)]
        try await dynamo.putItem(table: table, item: item)
        let pipeline = SummarizePipeline(
            characterBudget: 120,
            embeddings: try PipelineFixture.embeddings(),
            writer: DynamoDBSummaryWriter(client: dynamo)
        )
        var record = try PipelineFixture.streamRecord(keys: ["pk": "a1"], newImage: item)
        record.eventSourceARN = "arn:aws:dynamodb:us-east-1:123456789012:table/\(table)/stream/2026-11-29T00:00:00.000"
        guard case .summarized(let summary) = try await pipeline.process(record, context: BatchTestSupport.context()) else {
            Issue.record("the INSERT must be summarised")
            return
        }
        let updated = try #require(try await dynamo.getItem(table: table, key: ["pk": "a1"], consistentRead: true))
        #expect(updated["summary"] == .string(summary.summary))
        #expect(updated["summary_source_hash"] == .string(SummarizePipeline.sourceHash(text)))
        #expect(updated["text"] == .string(text))

        // The stream's next record is the write-back itself: skipped, so the pipeline never feeds itself.
        var echo = record
        echo.eventName = .modify
        echo.dynamodb.oldImage = item
        echo.dynamodb.newImage = updated
        #expect(try await pipeline.process(echo, context: BatchTestSupport.context()) == .skipped(reason: "text already summarised"))
        #expect(DynamoDBSummaryWriter.tableName(fromStreamARN: record.eventSourceARN) == table)
    }
}
