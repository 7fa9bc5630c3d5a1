import Foundation
import NIOCore
import TandemApp
import TandemCore
import TandemEvents
import Testing

@Suite("Batch processor", .timeLimit(.minutes(2)))
struct BatchProcessorTests {
    let context = BatchTestSupport.context()

    @Test("SQS standard: every message runs, the failed ones are reported")
    func sqsStandard() async throws {
        let event = try BatchTestSupport.sqsEvent(count: 6)
        let recorder = Recorder()
        let response = try await BatchProcessor().process(event, context: self.context) { message, _ in
            recorder.begin(message.messageId)
            if ["m1", "m4"].contains(message.messageId) { throw InjectedFailure(item: message.messageId) }
        }
        #expect(recorder.events == BatchTestSupport.ids(Array(0..<6)))
        #expect(response.batchItemFailures.map(\.itemIdentifier) == ["m1", "m4"])
    }

    @Test("SQS standard: all failed fails the invocation, unless configured to report them")
    func sqsAllFailed() async throws {
        let event = try BatchTestSupport.sqsEvent(count: 3)
        let error = await #expect(throws: BatchProcessingError.self) {
            _ = try await BatchProcessor().process(event, context: self.context) { message, _ in
                throw InjectedFailure(item: message.messageId)
            }
        }
        #expect(error?.code == BatchProcessingError.allFailed)
        #expect(error?.recordCount == 3)
        #expect((error?.underlying as? InjectedFailure) == InjectedFailure(item: "m0"))

        let reporting = BatchProcessor(.init(failInvocationWhenAllFail: false))
        let response = try await reporting.process(event, context: self.context) { message, _ in
            throw InjectedFailure(item: message.messageId)
        }
        #expect(response.batchItemFailures.map(\.itemIdentifier) == ["m0", "m1", "m2"])
    }

    @Test("SQS FIFO: processing stops at the first failure, which is reported with every later message")
    func sqsFIFO() async throws {
        let event = try BatchTestSupport.sqsEvent(count: 5, fifo: true, groups: ["g1", "g2"])
        let recorder = Recorder()
        let response = try await BatchProcessor().process(event, context: self.context) { message, _ in
            recorder.begin(message.messageId)
            if message.messageId == "m2" { throw InjectedFailure(item: "m2") }
        }
        #expect(recorder.events == ["m0", "m1", "m2"])
        #expect(response.batchItemFailures.map(\.itemIdentifier) == ["m2", "m3", "m4"])
    }

    @Test("SQS FIFO per message group: only the failed group's later messages are skipped")
    func sqsFIFOPerGroup() async throws {
        let event = try BatchTestSupport.sqsEvent(count: 6, fifo: true, groups: ["a", "b", "c"])
        let recorder = Recorder()
        let processor = BatchProcessor(.init(fifoPerMessageGroup: true))
        let response = try await processor.process(event, context: self.context) { message, _ in
            recorder.begin(message.messageId)
            if message.messageId == "m1" { throw InjectedFailure(item: "m1") }  // group b
        }
        #expect(recorder.events == ["m0", "m1", "m2", "m3", "m5"])
        #expect(response.batchItemFailures.map(\.itemIdentifier) == ["m1", "m4"])
    }

    @Test("bounded parallelism keeps each FIFO group in order and never overlaps a group", arguments: [2, 4])
    func parallelFIFOOrder(concurrency: Int) async throws {
        let groups = ["a", "b", "c", "d", "e"]
        let event = try BatchTestSupport.sqsEvent(count: 40, fifo: true, groups: groups)
        let recorder = Recorder()
        let processor = BatchProcessor(.init(maxConcurrency: concurrency, fifoPerMessageGroup: true))
        let result = await processor.process(messages: event.records, context: self.context) { message, _ in
            let group = message.attributes.messageGroupId ?? ""
            recorder.begin(message.messageId, group: group)
            // The first message holds on until a second one runs beside it: proof of parallelism without timing.
            if message.messageId == "m0" { try await recorder.waitUntilInFlight(2) }
            try await Task.sleep(for: .milliseconds(Int.random(in: 1...15)))
            recorder.end(group: group)
        }
        #expect(result.succeededCount == 40)
        #expect(!recorder.sawGroupOverlap)
        #expect(recorder.maxInFlight <= concurrency)
        #expect(recorder.maxInFlight > 1)
        for (offset, group) in groups.enumerated() {
            let expected = stride(from: offset, to: 40, by: groups.count).map { "m\($0)" }
            let seen = recorder.events.filter { id in expected.contains(id) }
            #expect(seen == expected, "group \(group) ran out of order")
        }
    }

    @Test("standard queues run up to the limit at once")
    func parallelStandard() async throws {
        let event = try BatchTestSupport.sqsEvent(count: 12)
        let recorder = Recorder()
        let processor = BatchProcessor(.init(maxConcurrency: 4))
        let response = try await processor.process(event, context: self.context) { message, _ in
            recorder.begin(message.messageId)
            // The first four hold on until all four run at once; a scheduler starting fewer fails after 10 s.
            if ["m0", "m1", "m2", "m3"].contains(message.messageId) { try await recorder.waitUntilInFlight(4) }
            try await Task.sleep(for: .milliseconds(5))
            recorder.end()
            if message.messageId == "m7" { throw InjectedFailure(item: "m7") }
        }
        #expect(recorder.maxInFlight == 4)
        #expect(Set(recorder.events) == Set(BatchTestSupport.ids(Array(0..<12))))
        #expect(response.batchItemFailures.map(\.itemIdentifier) == ["m7"])
    }

    @Test("deadline-aware: once the time left is under the margin, untouched messages are reported, not run")
    func deadlineAware() async throws {
        let event = try BatchTestSupport.sqsEvent(count: 5)
        let recorder = Recorder()
        // 5 s left, 3.5 s margin: the first message (which takes 2 s) starts, then the rest are out of time.
        let context = BatchTestSupport.context(deadline: .after(.seconds(5)))
        let processor = BatchProcessor(.init(deadlineMargin: .milliseconds(3500)))
        let result = await processor.process(messages: event.records, context: context) { message, _ in
            recorder.begin(message.messageId)
            try await Task.sleep(for: .seconds(2))
        }
        #expect(recorder.events == ["m0"])
        #expect(result.reportedIdentifiers == ["m1", "m2", "m3", "m4"])
        #expect(result.skippedCount == 4)
        for outcome in result.outcomes.dropFirst() {
            guard case .skipped(let reason) = outcome else {
                Issue.record("expected a skipped record, got \(outcome)")
                continue
            }
            #expect(reason == .deadline)
        }
    }

    @Test("a batch that arrives with no time left reports every record and fails the invocation")
    func deadlineAlreadyNear() async throws {
        let event = try BatchTestSupport.sqsEvent(count: 3)
        let context = BatchTestSupport.context(deadline: .after(.milliseconds(500)))
        let error = await #expect(throws: BatchProcessingError.self) {
            _ = try await BatchProcessor().process(event, context: context) { _, _ in
                Issue.record("no message should start")
            }
        }
        #expect(error?.failedCount == 3)
    }

    @Test("Kinesis: the failing record's sequence number is the checkpoint; later records do not run")
    func kinesisCheckpoint() async throws {
        var event = try JSONDecoder().decode(KinesisEvent.self, from: BatchTestSupport.fixture("kinesis-event.json"))
        let template = event.records[0]
        event.records = (0..<5).map { index in
            var record = template
            record.kinesis.sequenceNumber = "4956816737333333333333333333333333333333333333333333333\(index)"
            record.kinesis.partitionKey = "p\(index % 2)"
            return record
        }
        let recorder = Recorder()
        let response = try await BatchProcessor().process(event, context: self.context) { record, _ in
            recorder.begin(record.kinesis.sequenceNumber)
            if record.kinesis.sequenceNumber.hasSuffix("2") { throw InjectedFailure(item: "2") }
        }
        #expect(recorder.events.count == 3)
        #expect(response.batchItemFailures.map(\.itemIdentifier) == [event.records[2].kinesis.sequenceNumber])
    }

    @Test("Kinesis in parallel: the checkpoint is the earliest record not done")
    func kinesisParallelCheckpoint() async throws {
        var event = try JSONDecoder().decode(KinesisEvent.self, from: BatchTestSupport.fixture("kinesis-event.json"))
        let template = event.records[0]
        event.records = (0..<8).map { index in
            var record = template
            record.kinesis.sequenceNumber = String(1000 + index)
            record.kinesis.partitionKey = "p\(index % 4)"
            return record
        }
        let processor = BatchProcessor(.init(maxConcurrency: 4))
        let response = try await processor.process(event, context: self.context) { record, _ in
            // Record 1005 fails after 1001..1004 have started; 1003 is slow but succeeds.
            if record.kinesis.sequenceNumber == "1003" { try await Task.sleep(for: .milliseconds(100)) }
            if record.kinesis.sequenceNumber == "1005" { throw InjectedFailure(item: "1005") }
        }
        #expect(response.batchItemFailures.map(\.itemIdentifier) == ["1005"])
    }

    @Test("S3: every record runs and any failure fails the invocation")
    func s3() async throws {
        let event = try JSONDecoder().decode(S3Event.self, from: BatchTestSupport.fixture("s3-event.json"))
        let recorder = Recorder()
        try await BatchProcessor().process(event, context: self.context) { record, _ in
            recorder.begin(record.s3.object.key)
        }
        #expect(recorder.events.count == event.records.count)
        let error = await #expect(throws: BatchProcessingError.self) {
            try await BatchProcessor().process(event, context: self.context) { _, _ in throw InjectedFailure(item: "s3") }
        }
        #expect(error?.code == BatchProcessingError.recordFailed)
    }
}
