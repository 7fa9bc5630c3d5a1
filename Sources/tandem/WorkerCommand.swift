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
            The handler to run: 'builtin' (log and acknowledge each message). The classify, embed and summarize \
            pipelines are wired here once they are in the handler table.
            """
    )
    var pipeline: String = "builtin"

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
        guard self.pipeline == "builtin" else {
            throw ValidationError(
                "--pipeline \(self.pipeline) is not available in this build; use 'builtin' (classify, embed and "
                    + "summarize are wired once the pipelines land in the handler table)"
            )
        }
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
            table: DefaultApp.table(),
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
