import Foundation
import Logging
import NIOCore
import TandemAWS
import TandemApp
import TandemCore
import TandemDeploy
import TandemEvents
import TandemLambda
import TandemLambdaEmulator
import TandemServer
import Testing

/// The standard handler table, configured by the environment `tandem infra terraform` writes on the function for
/// the default app (read from the generator's lambda.tf, its resource references resolved to moto's resources),
/// behind the local Lambda emulator and the real Runtime API client, fed the AWS fixture events: S3 put ->
/// classification item; SQS batch with one bad record -> exactly that one reported, vectors stored; DynamoDB stream
/// INSERT -> summary written back, the write-back's own MODIFY skipped. Moto checks every signature.
@Suite(
    "Standard pipelines on Lambda, configured as generated",
    .enabled(if: MotoPeer.isAvailable),
    .enabled(if: PipelineFixture.modelFolder != nil, "model files not installed"),
    .timeLimit(.minutes(4))
)
struct StandardPipelinesLambdaTests {
    /// The `variables = { ... }` of the generated function: name -> HCL expression as written.
    static func generatedEnvironment() throws -> [String: String] {
        let files = try TerraformGenerator(app: .standard, settings: DeploymentSettings(profile: WorkloadProfile()))
            .files()
        let lambda = try #require(files["lambda.tf"])
        let start = try #require(lambda.range(of: "variables = {"))
        let end = try #require(lambda[start.upperBound...].range(of: "\n    }"))
        var variables: [String: String] = [:]
        for line in lambda[start.upperBound..<end.lowerBound].split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            variables[name] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return variables
    }

    /// Resolves the generated expressions: string literals as written, resource references to the names of the
    /// resources made in moto (an unknown reference fails the test, so a new variable is noticed here).
    static func resolve(_ expressions: [String: String], references: [String: String]) throws -> [String: String] {
        try expressions.mapValues { expression in
            if expression.hasPrefix("\""), expression.hasSuffix("\""), expression.count >= 2 {
                return String(expression.dropFirst().dropLast())
            }
            return try #require(references[expression], "unresolved reference \(expression)")
        }
    }

    /// The moto resources the generated Terraform would create (bucket, the three pk/sk tables, the embed queue),
    /// and the function's environment with its references resolved to them.
    struct Deployment {
        var environment: [String: String]
        var bucket: String
        var documents: String
        var idempotencyTable: String
    }

    static func deploy(on moto: MotoPeer) async throws -> Deployment {
        let s3 = S3Client(client: moto.client(.s3))
        let dynamo = DynamoDBClient(client: moto.client(.dynamoDB))
        let sqs = moto.sqs()
        let bucket = MotoPeer.uniqueName("data")
        try await s3.createBucket(bucket)
        var references: [String: String] = ["aws_s3_bucket.data.bucket": bucket]
        for table in ["idempotency", "checkpoints", "documents"] {
            let name = MotoPeer.uniqueName(table)
            try await dynamo.createTable(name, partitionKey: "pk", sortKey: "sk")
            references["aws_dynamodb_table.\(table).name"] = name
        }
        references["aws_sqs_queue.embed.url"] = try await sqs.createQueue(name: MotoPeer.uniqueName("embed"))

        let generated = try Self.generatedEnvironment()
        #expect(generated["TANDEM_PIPELINE_S3"] == "\"classify\"")
        #expect(generated["TANDEM_PIPELINE_SQS"] == "\"embed\"")
        #expect(generated["TANDEM_PIPELINE_DYNAMODB_STREAM"] == "\"summarize\"")
        #expect(generated["TANDEM_PIPELINE_WEBSOCKET"] == "\"chat\"")
        var environment = try Self.resolve(generated, references: references)
        // What differs from Lambda on this machine: the model's folder (a layer at /opt there), the database under
        // /tmp, and moto's endpoint and key instead of the function's role.
        environment["TANDEM_LOCAL_MODEL_PATH"] = PipelineFixture.modelFolder ?? ""
        environment["TANDEM_DATABASE"] =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("tandem-standard-\(UUID()).sqlite").path
        environment["AWS_REGION"] = moto.region
        environment["AWS_ENDPOINT_URL"] = "http://\(moto.endpoint.hostName):\(try #require(moto.endpoint.port))"
        environment["AWS_ACCESS_KEY_ID"] = moto.credentials.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = moto.credentials.secretAccessKey
        return Deployment(
            environment: environment,
            bucket: bucket,
            documents: try #require(environment["TANDEM_TABLE_DOCUMENTS"]),
            idempotencyTable: try #require(environment["TANDEM_TABLE_IDEMPOTENCY"])
        )
    }

    @Test("S3 -> classify, SQS -> embed with partial failure, DynamoDB stream -> summarize, through the emulator")
    func endToEnd() async throws {
        let moto = try #require(try await MotoPeer.get())
        let s3 = S3Client(client: moto.client(.s3))
        let dynamo = DynamoDBClient(client: moto.client(.dynamoDB))
        let deployment = try await Self.deploy(on: moto)
        let environment = deployment.environment
        let bucket = deployment.bucket
        let documents = deployment.documents
        let idempotencyTable = deployment.idempotencyTable

        let settings = StandardPipelineSettings(environment: environment)
        #expect(settings.problems.isEmpty, "\(settings.problems)")
        var table = HandlerTable()
        table.addBuiltinRoutes()
        table.addBuiltinEventHandlers()
        table.addStandardPipelines(settings)
        let finalTable = table

        var configuration = LambdaEmulatorConfiguration()
        configuration.port = 0
        configuration.timeout = .seconds(120)
        let emulator = try await LambdaEmulator.start(
            configuration: configuration,
            logger: Logger(label: "test.emulator")
        )
        let runtime = LambdaRuntime(
            logger: Logger(label: "test.runtime"),
            environment: ["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(emulator.port)", "AWS_LAMBDA_FUNCTION_NAME": "tandem"]
        ) {
            LambdaHost(table: finalTable)
        }
        let runtimeTask = Task { try await runtime.run() }
        defer { runtimeTask.cancel() }
        let invoker = InvokeClient(host: "127.0.0.1", port: emulator.port)
        func invoke(_ payload: Data) async throws -> String {
            let result = try await invoker.invoke(payload: Array(payload))
            #expect(result.status == 200)
            #expect(result.functionError == nil, "\(String(decoding: result.body, as: UTF8.self))")
            return String(decoding: result.body, as: UTF8.self)
        }

        // S3 upload -> classify: the result item (partition key bucket/key, sort key the pipeline) in DynamoDB.
        let key = "uploads/invoice-1042.txt"
        let invoice = """
            Invoice 1042. Amount due: 1,250.00 EUR for consulting services in October. \
            Please pay by bank transfer within 30 days of the invoice date.
            """
        try await s3.putObject(bucket: bucket, key: key, body: ByteBuffer(string: invoice), contentType: "text/plain")
        _ = try await invoke(try PipelineFixture.s3Event(bucket: bucket, keys: [key]))
        let classified = try #require(
            try await dynamo.getItem(table: documents, key: ["pk": .string("\(bucket)/\(key)"), "sk": "classify"])
        )
        #expect(classified["label"] == "invoice")
        #expect(classified["method"] == "embeddings")
        #expect(classified["source"] == .string("s3://\(bucket)/\(key)"))

        // SQS -> embed: three messages, the middle one names an object that does not exist.
        var batch = try BatchTestSupport.sqsEvent(count: 3)
        batch.records[0].body = #"{"id":"doc-1","text":"Glaciers store about two thirds of the world's fresh water."}"#
        batch.records[1].body = String(
            decoding: try PipelineFixture.s3Event(bucket: bucket, keys: ["uploads/missing.txt"]),
            as: UTF8.self
        )
        batch.records[2].body = #"{"id":"doc-3","text":"The bakery opens at seven and sells rye bread until noon."}"#
        let sqsPayload = try JSONEncoder().encode(batch)
        let response = try JSONDecoder().decode(
            PartialBatchResponse.self,
            from: Data(try await invoke(sqsPayload).utf8)
        )
        #expect(response.batchItemFailures.map(\.itemIdentifier) == ["m1"])
        for id in ["doc-1", "doc-3"] {
            let item = try #require(
                try await dynamo.getItem(table: documents, key: ["pk": .string(id), "sk": "embed"])
            )
            #expect(item["chunks"] == .number(1))
            #expect(item["vectors_object"] == .string("s3://\(bucket)/vectors/\(id).vectors.jsonl"))
            let vectors = try #require(try await S3VectorObjects(client: s3, bucket: bucket).read(document: id))
            #expect(vectors.count == 1)
            #expect(vectors.first?.vector.count == 384)
        }
        // The succeeded messages are completed in the idempotency table; the failed one's lock was released.
        let lock = try await dynamo.getItem(
            table: idempotencyTable,
            key: ["pk": .string(Self.key("embed-sqs", "m0")), "sk": "idempotency"]
        )
        #expect(lock?["status"] == "COMPLETED")
        #expect(
            try await dynamo.getItem(
                table: idempotencyTable,
                key: ["pk": .string(Self.key("embed-sqs", "m1")), "sk": "idempotency"]
            ) == nil
        )
        // A redelivery of the whole batch runs only the failed message again (and it fails again).
        try await dynamo.deleteItem(table: documents, key: ["pk": "doc-1", "sk": "embed"])
        let again = try JSONDecoder().decode(PartialBatchResponse.self, from: Data(try await invoke(sqsPayload).utf8))
        #expect(again.batchItemFailures.map(\.itemIdentifier) == ["m1"])
        #expect(try await dynamo.getItem(table: documents, key: ["pk": "doc-1", "sk": "embed"]) == nil)

        // DynamoDB stream INSERT -> the summary written back into the item.
        let text = """
            The museum reopened after a two-year renovation. Visitors can now see the restored ceiling paintings. \
            Tickets are cheaper for students on weekdays. The café on the top floor serves lunch until three.
            """
        let itemKey: [String: AttributeValue] = ["pk": "article-1", "sk": "article"]
        let item = itemKey.merging(["text": .string(text)]) { $1 }
        try await dynamo.putItem(table: documents, item: item)
        var record = try PipelineFixture.streamRecord(keys: itemKey, newImage: item)
        record.eventSourceARN =
            "arn:aws:dynamodb:us-east-1:123456789012:table/\(documents)/stream/2026-11-29T00:00:00.000"
        var stream = try JSONDecoder().decode(
            DynamoDBStreamEvent.self,
            from: BatchTestSupport.fixture("dynamodb-event.json")
        )
        stream.records = [record]
        #expect(try await invoke(try JSONEncoder().encode(stream)) == #"{"batchItemFailures":[]}"#)
        let summarized = try #require(try await dynamo.getItem(table: documents, key: itemKey, consistentRead: true))
        guard case .string(let summary)? = summarized["summary"] else {
            throw MotoStartError("no summary: \(summarized)")
        }
        #expect(!summary.isEmpty && summary.count <= 600 && text.contains(summary.prefix(20)))
        #expect(summarized["summary_source_hash"] == .string(SummarizePipeline.sourceHash(text)))

        // The write-back's own MODIFY record is skipped: a marker put in the summary stays.
        try await dynamo.updateItem(
            table: documents,
            key: itemKey,
            updateExpression: "SET #summary = :marker",
            expressionAttributeNames: ["#summary": "summary"],
            expressionAttributeValues: [":marker": "marker"]
        )
        var echo = record
        echo.eventName = .modify
        echo.dynamodb.oldImage = item
        echo.dynamodb.newImage = summarized
        stream.records = [echo]
        #expect(try await invoke(try JSONEncoder().encode(stream)) == #"{"batchItemFailures":[]}"#)
        let after = try #require(try await dynamo.getItem(table: documents, key: itemKey, consistentRead: true))
        #expect(after["summary"] == "marker")
        await emulator.shutdown()
    }

    @Test("the same table as a queue worker (a container running tandem worker with the same environment)")
    func queueWorker() async throws {
        let moto = try #require(try await MotoPeer.get())
        let dynamo = DynamoDBClient(client: moto.client(.dynamoDB))
        let sqs = moto.sqs()
        let deployment = try await Self.deploy(on: moto)
        let queueURL = try #require(deployment.environment["TANDEM_QUEUE_EMBED"])
        try await sqs.sendMessage(queueURL: queueURL, body: #"{"id":"w-1","text":"Rivers carry sediment to the sea."}"#)
        try await sqs.sendMessage(queueURL: queueURL, body: #"{"id":"w-2","text":"Owls hunt at night."}"#)
        let bad = String(
            decoding: try PipelineFixture.s3Event(bucket: deployment.bucket, keys: ["nope.txt"]),
            as: UTF8.self
        )
        try await sqs.sendMessage(queueURL: queueURL, body: bad)
        var table = HandlerTable()
        table.addBuiltinEventHandlers()
        table.addStandardPipelines(StandardPipelineSettings(environment: deployment.environment))
        let worker = try QueueWorker(
            table: table,
            sqs: sqs,
            configuration: QueueWorkerConfiguration(
                queueURL: queueURL,
                concurrency: 2,
                waitTime: .seconds(1),
                visibilityTimeout: .seconds(30),
                drain: true
            ),
            logger: Logger(label: "test.worker")
        )
        try await worker.run()
        #expect(worker.statistics.succeeded == 2 && worker.statistics.failed == 1)
        for id in ["w-1", "w-2"] {
            let item = try await dynamo.getItem(table: deployment.documents, key: ["pk": .string(id), "sk": "embed"])
            #expect(item?["chunks"] == .number(1))
        }
        let attributes = try await sqs.getQueueAttributes(queueURL: queueURL)
        #expect(attributes["ApproximateNumberOfMessagesNotVisible"] == "1")  // the failure stays for the redrive policy
    }

    /// The idempotency key the standard SQS handler stores for a message id (namespace, then the id's hash).
    static func key(_ namespace: String, _ messageID: String) -> String {
        namespace + "#" + Idempotency.hash(.string(messageID))
    }
}
