import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TandemAWS
import TandemApp
import TandemCore
import TandemEvents
import TandemServer
import Testing

/// What the SQS handler under test saw.
final class WorkerProbe: Sendable {
    private struct State {
        var bodies: [String] = []
        var records: [SQSEvent.Message] = []
        var running = 0
        var maxRunning = 0
    }

    private let state = Mutex(State())

    var bodies: [String] { self.state.withLock { $0.bodies } }
    var records: [SQSEvent.Message] { self.state.withLock { $0.records } }
    var maxRunning: Int { self.state.withLock { $0.maxRunning } }

    func enter(_ message: SQSEvent.Message) {
        self.state.withLock {
            $0.bodies.append(message.body)
            $0.records.append(message)
            $0.running += 1
            $0.maxRunning = max($0.maxRunning, $0.running)
        }
    }

    func leave() { self.state.withLock { $0.running -= 1 } }
}

@Suite("Queue worker against moto SQS (signature checking on)", .enabled(if: MotoPeer.isAvailable))
struct QueueWorkerTests {
    static let logger = Logger(label: "worker-tests", factory: { _ in SwiftLogNoOpLogHandler() })

    static func table(_ probe: WorkerProbe, delay: Duration = .zero) -> HandlerTable {
        var table = HandlerTable()
        table.onSQS { message, context in
            probe.enter(message)
            defer { probe.leave() }
            #expect(context.host == .worker)
            if delay > .zero { try await Task.sleep(for: delay) }
            if message.body.hasPrefix("fail") { throw TandemError(.invalidInput, "poison message") }
        }
        return table
    }

    static func queue(_ sqs: SQSClient, _ prefix: String) async throws -> String {
        try await sqs.createQueue(name: "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())")
    }

    @Test("Drain: every message processed once as an SQSEvent record; successes deleted, failures left on the queue")
    func drainProcessesAndLeavesFailures() async throws {
        let moto = try #require(try await MotoPeer.get())
        let sqs = moto.sqs()
        let url = try await Self.queue(sqs, "drain")
        let bodies = (0..<8).map { "ok-\($0)" } + ["fail-1", "fail-2"]
        for body in bodies {
            try await sqs.sendMessage(queueURL: url, body: body, messageAttributes: ["kind": .string("test")])
        }
        let probe = WorkerProbe()
        let worker = try QueueWorker(
            table: Self.table(probe, delay: .milliseconds(50)),
            sqs: sqs,
            configuration: QueueWorkerConfiguration(
                queueURL: url,
                concurrency: 3,
                waitTime: .seconds(1),
                visibilityTimeout: .seconds(10),
                drain: true
            ),
            logger: Self.logger
        )
        try await worker.run()  // returns by itself: drain mode

        #expect(probe.bodies.sorted() == bodies.sorted())
        #expect(probe.maxRunning <= 3)
        let record = try #require(probe.records.first)
        #expect(record.eventSourceARN.hasPrefix("arn:aws:sqs:us-east-1:"))
        #expect(record.eventSourceARN.hasSuffix(":" + url.split(separator: "/").last!))
        #expect(record.attributes.approximateReceiveCount == 1)
        #expect(record.messageAttributes["kind"]?.stringValue == "test")
        let statistics = worker.statistics
        #expect(statistics.received == 10 && statistics.succeeded == 8 && statistics.failed == 2)
        #expect(statistics.deleteFailures == 0)

        let attributes = try await sqs.getQueueAttributes(queueURL: url)
        #expect(attributes["ApproximateNumberOfMessages"] == "0")
        #expect(attributes["ApproximateNumberOfMessagesNotVisible"] == "2")  // the failures, not deleted
    }

    @Test("Bounded concurrency: never more than N handlers at once, and N reached")
    func boundedConcurrency() async throws {
        let moto = try #require(try await MotoPeer.get())
        let sqs = moto.sqs()
        let url = try await Self.queue(sqs, "bound")
        _ = try await sqs.sendMessageBatch(queueURL: url, entries: (0..<8).map { SQSSendMessageEntry(id: "e\($0)", body: "ok-\($0)") })
        let probe = WorkerProbe()
        let worker = try QueueWorker(
            table: Self.table(probe, delay: .milliseconds(300)),
            sqs: sqs,
            configuration: QueueWorkerConfiguration(queueURL: url, concurrency: 2, waitTime: .seconds(1), drain: true),
            logger: Self.logger
        )
        try await worker.run()
        #expect(probe.bodies.count == 8)
        #expect(probe.maxRunning == 2)
    }

    @Test("Heartbeat: a message processed longer than its visibility timeout is not delivered twice")
    func heartbeat() async throws {
        let moto = try #require(try await MotoPeer.get())
        let sqs = moto.sqs()
        let url = try await Self.queue(sqs, "beat")
        try await sqs.sendMessage(queueURL: url, body: "slow")
        let probe = WorkerProbe()
        let worker = try QueueWorker(
            table: Self.table(probe, delay: .milliseconds(3500)),
            sqs: sqs,
            configuration: QueueWorkerConfiguration(
                queueURL: url,
                concurrency: 1,
                waitTime: .seconds(1),
                visibilityTimeout: .seconds(1),
                heartbeatInterval: .milliseconds(300),
                drain: true
            ),
            logger: Self.logger
        )
        async let run: Void = worker.run()
        // While the handler runs (3.5 s, visibility 1 s), nobody else may receive the message.
        try await Task.sleep(for: .milliseconds(500))
        var stolen: [SQSMessage] = []
        for _ in 0..<4 {
            stolen += try await sqs.receiveMessages(queueURL: url, waitTime: .zero, visibilityTimeout: .seconds(1))
            try await Task.sleep(for: .milliseconds(600))
        }
        try await run
        #expect(stolen.isEmpty)
        #expect(probe.bodies == ["slow"])
        #expect(worker.statistics.heartbeats >= 5)
        #expect(worker.statistics.succeeded == 1)
        #expect(try await sqs.getQueueAttributes(queueURL: url)["ApproximateNumberOfMessagesNotVisible"] == "0")
    }

    @Test("Graceful shutdown: stops the long poll at once, finishes the message in flight, deletes it")
    func gracefulShutdown() async throws {
        let moto = try #require(try await MotoPeer.get())
        let sqs = moto.sqs()
        let url = try await Self.queue(sqs, "stop")
        try await sqs.sendMessage(queueURL: url, body: "in-flight")
        let probe = WorkerProbe()
        let worker = try QueueWorker(
            table: Self.table(probe, delay: .milliseconds(1500)),
            sqs: sqs,
            configuration: QueueWorkerConfiguration(queueURL: url, concurrency: 2, waitTime: .seconds(20)),
            logger: Self.logger
        )
        let group = ServiceGroup(services: [worker], logger: Self.logger)
        let started = ContinuousClock.now
        async let run: Void = group.run()
        while probe.bodies.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        await group.triggerGracefulShutdown()
        try await run
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(10))  // the 20 s long poll was cancelled, not waited out
        #expect(worker.statistics.succeeded == 1)
        let attributes = try await sqs.getQueueAttributes(queueURL: url)
        #expect(attributes["ApproximateNumberOfMessages"] == "0")
        #expect(attributes["ApproximateNumberOfMessagesNotVisible"] == "0")
    }

    @Test("Wrong credentials stop the worker with SignatureDoesNotMatch instead of polling forever")
    func wrongCredentials() async throws {
        let moto = try #require(try await MotoPeer.get())
        let url = try await Self.queue(moto.sqs(), "auth")
        var wrong = moto.credentials
        wrong.secretAccessKey += "x"
        let worker = try QueueWorker(
            table: Self.table(WorkerProbe()),
            sqs: moto.sqs(credentials: wrong),
            configuration: QueueWorkerConfiguration(queueURL: url, waitTime: .seconds(1), drain: true),
            logger: Self.logger
        )
        let error = await #expect(throws: AWSServiceError.self) { try await worker.run() }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(worker.statistics.received == 0)
    }

    @Test("A table without an SQS handler is a configuration error")
    func missingHandler() async throws {
        let moto = try #require(try await MotoPeer.get())
        #expect(throws: TandemError.self) {
            try QueueWorker(
                table: HandlerTable(),
                sqs: moto.sqs(),
                configuration: QueueWorkerConfiguration(queueURL: "http://127.0.0.1/1/q"),
                logger: Self.logger
            )
        }
    }
}
