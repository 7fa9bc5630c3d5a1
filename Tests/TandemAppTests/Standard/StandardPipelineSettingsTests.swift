import Foundation
import Logging
import NIOCore
import TandemApp
import TandemCore
import TandemEvents
import Testing

@Suite("Standard pipeline settings from the environment")
struct StandardPipelineSettingsTests {
    @Test("nothing configured: no pipelines, no problems, the built-in handlers stay")
    func unconfigured() async throws {
        let settings = StandardPipelineSettings(environment: [:])
        #expect(settings.pipelines.isEmpty)
        #expect(settings.problems.isEmpty)
        #expect(settings.databasePath == ".tandem/tandem.sqlite")
        #expect(settings.partitionKey == "pk" && settings.sortKey == "sk" && settings.ttlAttribute == "expires_at")
        var table = HandlerTable()
        table.addBuiltinEventHandlers()
        table.addStandardPipelines(settings)
        // The built-in SQS handler acknowledges every message.
        let event = try JSONEncoder().encode(try BatchTestSupport.sqsEvent(count: 2))
        let handler = try #require(table.eventHandler(for: .sqs))
        let response = try await handler.handle(ByteBuffer(bytes: event), context: BatchTestSupport.context())
        #expect(response.map { String(buffer: $0) } == #"{"batchItemFailures":[]}"#)
    }

    @Test("each source's variable, labels with descriptions, the classify model, Lambda's database under /tmp")
    func configured() {
        let settings = StandardPipelineSettings(environment: [
            "TANDEM_PIPELINE_S3": "classify", "TANDEM_PIPELINE_SQS": " Embed ",
            "TANDEM_PIPELINE_DYNAMODB_STREAM": "summarize",
            "TANDEM_PIPELINE_WEBSOCKET": "chat", "TANDEM_CLASSIFY_LABELS": "invoice = a bill to pay, recipe,, letter",
            "TANDEM_CLASSIFY_MODEL": "bedrock", "TANDEM_BEDROCK_MODEL": "us.anthropic.claude-3-5-haiku-20241022-v1:0",
            "TANDEM_TABLE_SORT_KEY": "", "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001", "TANDEM_IDEMPOTENCY": "off",
        ])
        #expect(settings.problems.isEmpty)
        #expect(settings.pipelines == [.s3: .classify, .sqs: .embed, .dynamoDBStream: .summarize, .webSocket: .chat])
        #expect(settings.labels.map(\.name) == ["invoice", "recipe", "letter"])
        #expect(settings.labels.map(\.description) == ["a bill to pay", "recipe", "letter"])
        #expect(settings.classifyModel == "bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0")
        #expect(settings.sortKey == nil)
        #expect(settings.databasePath == "/tmp/tandem.sqlite")
        #expect(!settings.idempotency)
        #expect(StandardPipelineSettings(environment: ["TANDEM_CLASSIFY_MODEL": "local"]).classifyModel == nil)
        #expect(StandardPipelineSettings(environment: ["TANDEM_PIPELINE_SQS": "log"]).pipelines.isEmpty)
    }

    @Test(
        "a wrong value names its variable and fails only that source's events",
        arguments: [
            (["TANDEM_PIPELINE_S3": "embed"], EventSource.s3, "TANDEM_PIPELINE_S3=embed"),
            (["TANDEM_PIPELINE_SQS": "classify"], .sqs, "TANDEM_CLASSIFY_LABELS"),
            (["TANDEM_PIPELINE_DYNAMODB_STREAM": "summarise"], .dynamoDBStream, "TANDEM_PIPELINE_DYNAMODB_STREAM"),
            (
                ["TANDEM_PIPELINE_S3": "classify", "TANDEM_CLASSIFY_LABELS": "a", "TANDEM_CLASSIFY_MODEL": "bedrock"],
                .s3, "TANDEM_BEDROCK_MODEL"
            ),
        ]
    )
    func problems(environment: [String: String], source: EventSource, named: String) async throws {
        let settings = StandardPipelineSettings(environment: environment)
        let problem = try #require(settings.problems[source])
        #expect(problem.code == .invalidConfiguration)
        #expect(problem.message.contains(named))
        #expect(settings.pipelines[source] == nil)
        var table = HandlerTable()
        table.addBuiltinEventHandlers()
        table.addStandardPipelines(settings)
        let handler = try #require(table.eventHandler(for: source))
        await #expect(throws: TandemError.self) {
            _ = try await handler.handle(ByteBuffer(string: "{}"), context: BatchTestSupport.context())
        }
    }

    @Test("building the table makes nothing: a missing model and an unusable endpoint surface at the first event")
    func lazy() async throws {
        let environment = [
            "TANDEM_PIPELINE_SQS": "embed", "TANDEM_PIPELINE_S3": "classify", "TANDEM_CLASSIFY_LABELS": "a,b",
            "TANDEM_PIPELINE_DYNAMODB_STREAM": "summarize", "TANDEM_PIPELINE_WEBSOCKET": "chat",
            "TANDEM_LOCAL_MODEL_PATH": "/nonexistent/model", "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": "not a url", "TANDEM_DATABASE": "/nonexistent/dir/\(UUID())/x.sqlite",
            "TANDEM_TABLE_DOCUMENTS": "documents",
        ]
        var table = HandlerTable()
        table.addStandardPipelines(StandardPipelineSettings(environment: environment))
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/dir"))
        let handler = try #require(table.eventHandler(for: .sqs))
        let event = try JSONEncoder().encode(try BatchTestSupport.sqsEvent(count: 1))
        await #expect(throws: (any Error).self) {
            _ = try await handler.handle(ByteBuffer(bytes: event), context: BatchTestSupport.context())
        }
    }
}
