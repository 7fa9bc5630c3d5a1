import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import ServiceLifecycle
import TandemApp
import TandemAWS
import TandemLLM
import TandemServer
import UnixSignals

/// `tandem worker`: the queue worker host, running the handler table's SQS handler on messages polled from a queue.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Poll an SQS queue and run the handler table's SQS handler on its messages (the queue worker host).",
        discussion: """
            Region, endpoint and credentials come from the environment as for the AWS SDKs: AWS_REGION, \
            AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL (moto, LocalStack), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, \
            AWS_PROFILE or the container credentials endpoint. SIGTERM or SIGINT stops polling and finishes the \
            messages in flight.
            """
    )

    @Option(help: "The queue URL.")
    var queueURL: String

    @Option(
        help: """
            The handler to run: 'classify' (label each document: by local-embedding similarity, or with --model by \
            a chat model's validated tool call), 'embed' (chunk and embed each document into the SQLite vector \
            index, and with --bucket as JSON Lines to S3) or 'builtin' (the standard table: the pipeline $TANDEM_PIPELINE_SQS names, as the Lambda function runs it, \
            else log and acknowledge each message). \
            A message body may be an S3 event notification, JSON {"id","text"}, or plain text.
            """
    )
    var pipeline: String = "builtin"

    @Option(help: "classify: the labels, comma-separated.")
    var labels: String?

    @Option(
        help: """
            classify: a chat model through the router (provider/model, e.g. openai/gpt-4o-mini, bedrock/..., \
            hosted/...) answering a forced tool call; none or local/all-MiniLM-L6-v2 classifies by local embedding \
            similarity. embed: the embedding model (only the local all-MiniLM-L6-v2).
            """
    )
    var model: String?

    @Option(help: "Write one result item per document to this DynamoDB table (else to the SQLite database).")
    var table: String?

    @Flag(
        help: """
            classify: write each result as JSON beside its object (<key> + --result-suffix, PutObject); keys with \
            the suffix are never classified, so a bucket notifying on every PutObject does not loop.
            """
    )
    var resultsBeside = false

    @Option(help: "classify: the suffix of results written beside objects.")
    var resultSuffix: String = ".classification.json"

    @Option(
        help: """
            embed: also write each document's vectors as JSON Lines to this bucket (<prefix><id>.vectors.jsonl). \
            classify with --results-beside: where results of text messages (no object) go.
            """
    )
    var bucket: String?

    @Option(help: "embed: the key prefix of the vector objects in --bucket.")
    var vectorsPrefix: String = "vectors/"

    @Option(help: "SQLite database for results (without --table) and for embed's vector index (tandem serve's too).")
    var database: String = ".tandem/tandem.sqlite"

    @Option(help: "Messages (or FIFO message groups) processed at once.")
    var concurrency: Int = 4

    @Option(help: "Long-polling wait per receive, in seconds (0-20).")
    var waitSeconds: Int = 20

    @Option(help: "Visibility timeout of received messages and of each heartbeat extension, in seconds.")
    var visibilitySeconds: Int = 30

    @Option(help: "Deadline of one handler call, in seconds.")
    var handlerTimeoutSeconds: Int = 900

    @Flag(help: "Exit once the queue is empty and nothing is in flight (for batch jobs).")
    var drain = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard (1...1000).contains(self.concurrency) else { throw ValidationError("--concurrency must be 1...1000") }
        guard (0...20).contains(self.waitSeconds) else { throw ValidationError("--wait-seconds must be 0...20") }
        guard (1...43_200).contains(self.visibilitySeconds) else {
            throw ValidationError("--visibility-seconds must be 1...43200")
        }
        guard Logger.Level(rawValue: self.logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        switch self.pipeline {
        case "builtin", "embed": break
        case "classify":
            guard !self.labelList.isEmpty else { throw ValidationError("--pipeline classify needs --labels a,b,c") }
        case "summarize":
            throw ValidationError(
                "--pipeline summarize runs on DynamoDB stream records (a Lambda event source), not on a queue"
            )
        default:
            throw ValidationError("--pipeline must be classify, embed or builtin")
        }
        if self.pipeline == "embed", let model = self.model, LocalEmbeddingProvider.servedModel(model) == nil {
            throw ValidationError("--model \(model) is not served by the worker; use \(LocalEmbeddingProvider.modelName)")
        }
        guard !self.resultSuffix.isEmpty else { throw ValidationError("--result-suffix must not be empty") }
    }

    func run() async throws {
        var logger = Logger(label: "tandem.worker")
        logger.logLevel = Logger.Level(rawValue: self.logLevel) ?? .info
        let sqs: SQSClient
        do {
            sqs = try SQSClient(logger: logger)
        } catch {
            throw ValidationError("\(error.message)")
        }
        let worker = try QueueWorker(
            table: try self.makeTable(),
            sqs: sqs,
            configuration: QueueWorkerConfiguration(
                queueURL: self.queueURL,
                concurrency: self.concurrency,
                waitTime: .seconds(self.waitSeconds),
                visibilityTimeout: .seconds(self.visibilitySeconds),
                handlerTimeout: .seconds(self.handlerTimeoutSeconds),
                drain: self.drain
            ),
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        let statistics = worker.statistics
        if statistics.failed > 0 {
            logger.notice("worker finished with failed messages", metadata: ["worker.failed": "\(statistics.failed)"])
        }
    }
}
