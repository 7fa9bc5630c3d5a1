public import Logging
import NIOCore
public import ServiceLifecycle
import Synchronization
public import TandemApp
public import TandemAWS
import TandemCore

/// The queue worker host: polls an SQS queue and runs the handler table's SQS handler on what arrives, so the same
/// handler runs on Lambda (event source mapping) and in a container.
///
/// - Long polling, at most ``QueueWorkerConfiguration/concurrency`` units in flight (a message on a standard queue,
///   a message group's messages on a FIFO queue, in order).
/// - While a unit is processed a heartbeat extends its visibility, so a slow handler never sees its message delivered
///   twice.
/// - Each unit is handed to the table's `.sqs` ``EventHandler`` as an `SQSEvent`; the messages it does not report in
///   `batchItemFailures` (and that did not throw) are deleted, the others are left on the queue for redelivery and,
///   eventually, the dead-letter queue.
/// - A `Service`: on graceful shutdown (SIGTERM in a `ServiceGroup`) it stops receiving, finishes the work in flight,
///   and returns. With ``QueueWorkerConfiguration/drain`` it returns once the queue is empty.
///
/// ```swift
/// var table = HandlerTable()
/// table.onSQS { message, context in try await index(message.body) }
/// let worker = try QueueWorker(table: table, sqs: SQSClient(), configuration: .init(queueURL: url), logger: logger)
/// let group = ServiceGroup(services: [worker], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
public final class QueueWorker: Service, Sendable {
    /// The configuration.
    public let configuration: QueueWorkerConfiguration
    let sqs: SQSClient
    let handler: any EventHandler
    let logger: Logger
    let builder: SQSEventRecordBuilder
    let isFIFO: Bool
    private let stats = Mutex(QueueWorkerStatistics())

    /// Creates a worker for the table's SQS handler.
    ///
    /// - Parameters:
    ///   - table: The handler table; it needs an ``EventSource/sqs`` handler (`onSQS`, a pipeline, or the built-in).
    ///   - sqs: The SQS client.
    ///   - configuration: Queue, concurrency, visibility and drain settings.
    ///   - logger: The worker's logger; handlers get it with the message id in its metadata.
    /// - Throws: `TandemError` `invalidConfiguration` when the table has no SQS handler.
    public init(
        table: HandlerTable,
        sqs: SQSClient,
        configuration: QueueWorkerConfiguration,
        logger: Logger
    ) throws {
        guard let handler = table.eventHandler(for: .sqs) else {
            throw TandemError(.invalidConfiguration, "the handler table has no SQS handler for the queue worker")
        }
        self.configuration = configuration
        self.sqs = sqs
        self.handler = handler
        self.logger = logger
        self.builder = SQSEventRecordBuilder(queueURL: configuration.queueURL, region: sqs.client.region)
        self.isFIFO = configuration.queueURL.hasSuffix(".fifo")
    }

    /// What the worker has done so far.
    public var statistics: QueueWorkerStatistics { self.stats.withLock { $0 } }

    func record(_ update: (inout QueueWorkerStatistics) -> Void) { self.stats.withLock { update(&$0) } }

    /// Polls and processes until graceful shutdown, cancellation, or (in drain mode) an empty queue; then waits for
    /// the work in flight.
    ///
    /// - Throws: ``AWSServiceError`` when receiving fails for a reason retrying cannot fix (a 4xx other than
    ///   throttling: wrong credentials, access denied, no such queue), after the work in flight is finished. Other
    ///   receive errors (connection, 5xx, throttling after the client's own retries) are logged and retried after a
    ///   pause.
    public func run() async throws {
        let slots = WorkerSlots(limit: self.configuration.concurrency)
        var fatal: (any Error)?
        self.logger.info(
            "queue worker started",
            metadata: [
                "queue.url": "\(self.configuration.queueURL)", "worker.concurrency": "\(self.configuration.concurrency)",
                "worker.drain": "\(self.configuration.drain)",
            ]
        )
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                await slots.waitForSlot()
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                let messages: [SQSMessage]
                do {
                    messages = try await cancelWhenGracefulShutdown {
                        try await self.sqs.receiveMessages(
                            queueURL: self.configuration.queueURL,
                            maxMessages: min(slots.free, 10),
                            waitTime: self.configuration.waitTime,
                            visibilityTimeout: self.configuration.visibilityTimeout
                        )
                    }
                } catch {
                    if Task.isCancelled || Task.isShuttingDownGracefully { break }
                    if let serviceError = error as? AWSServiceError, (400..<500).contains(serviceError.status),
                        !serviceError.isThrottling
                    {
                        self.logger.error(
                            "receiving from the queue failed; stopping",
                            metadata: ["error.message": "\(serviceError)", "queue.url": "\(self.configuration.queueURL)"]
                        )
                        fatal = serviceError
                        break
                    }
                    self.logger.warning(
                        "receiving from the queue failed",
                        metadata: ["error.message": "\(error)", "queue.url": "\(self.configuration.queueURL)"]
                    )
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
                    continue
                }
                if messages.isEmpty {
                    guard self.configuration.drain else { continue }
                    if slots.inFlight == 0 { break }
                    await slots.waitUntilIdle()
                    continue
                }
                self.record { $0.received += messages.count }
                for unit in self.builder.units(messages, fifo: self.isFIFO) {
                    slots.take()
                    group.addTask {
                        await self.process(unit)
                        slots.release()
                    }
                }
            }
        }
        let statistics = self.statistics
        self.logger.info(
            "queue worker stopped",
            metadata: [
                "worker.received": "\(statistics.received)", "worker.succeeded": "\(statistics.succeeded)",
                "worker.failed": "\(statistics.failed)",
            ]
        )
        if let fatal { throw fatal }
    }
}
