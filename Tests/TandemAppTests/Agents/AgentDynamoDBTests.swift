import Foundation
import NIOCore
import TandemApp
import TandemAWS
import TandemCore
import TandemLLM
import Testing

@Suite("Agents on DynamoDB, S3 and SQS (moto, signatures checked)", .enabled(if: MotoPeer.isAvailable), .timeLimit(.minutes(2)))
struct AgentDynamoDBTests {
    static func store(inlineLimit: Int = 100_000) async throws -> DynamoDBCheckpointStore {
        let moto = try #require(try await MotoPeer.get())
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let s3 = S3Client(client: moto.client(.s3))
        try await s3.createBucket("agents-\(suffix)")
        let store = DynamoDBCheckpointStore(
            table: "agents-\(suffix)",
            dynamo: DynamoDBClient(client: moto.client(.dynamoDB)),
            s3: s3,
            bucket: "agents-\(suffix)",
            inlineLimit: inlineLimit
        )
        try await store.createTable()
        return store
    }

    @Test("a workflow checkpointed in DynamoDB, cut into slices, ends with the uninterrupted answer")
    func slices() async throws {
        let store = try await Self.store(inlineLimit: 40)
        let ledger = AgentTestSupport.Ledger()
        let runner = AgentRunner(
            store: store,
            model: ScriptedChatModel(turns: AgentTestSupport.workflow(steps: 6)),
            tools: ToolRegistry([AgentTestSupport.stepTool(ledger), BuiltinTools.putResult()])
        )
        let run = try await runner.create(goal: "work", model: "m", tools: ["step", "put_result"])
        var outcome = AgentSliceOutcome.continuing
        var slices = 0
        while outcome == .continuing, slices < 50 {
            slices += 1
            outcome = try await runner.run(run.id, options: AgentSliceOptions(deadline: .after(.milliseconds(900)), margin: .milliseconds(500)))
        }
        #expect(outcome == .completed(answer: AgentTestSupport.expectedAnswer(steps: 6)))
        #expect(ledger.total == 6)
        let stored = try #require(try await store.run(run.id))
        #expect(stored.status == .completed)
        #expect(stored.completedSteps == 13)
        let steps = try await store.steps(of: run.id)
        #expect(steps.map(\.stepID).prefix(3) == ["m1", "m1.t0", "m2"])
        let events = try await store.events(of: run.id, after: 0, limit: 10_000)
        #expect(events.map(\.sequence) == Array(1...Int64(events.count)))
        #expect(try await store.lastEventSequence(of: run.id) == Int64(events.count))
        #expect(try await store.events(of: run.id, after: 5, limit: 3).map(\.sequence) == [6, 7, 8])
    }

    @Test("leases fence writers, cancellation stops them, results are stored once, large payloads go to S3")
    func fencing() async throws {
        let store = try await Self.store(inlineLimit: 1000)
        let runner = AgentRunner(store: store, model: ScriptedChatModel(turns: []), tools: ToolRegistry())
        let run = try await runner.create(goal: "x", model: "m", tools: [])
        let far = Deadline.nowMilliseconds() + 60_000
        #expect(try await store.acquireLease(runID: run.id, owner: "a", until: far))
        #expect(try await store.acquireLease(runID: run.id, owner: "b", until: far) == false)
        let big = String(repeating: "y", count: 5000)
        let step = try await store.beginStep(AgentStepRecord(runID: run.id, stepID: "m1", index: 0, kind: .model, status: .started), owner: "a")
        #expect(step.attempts == 1)
        #expect(try await store.beginStep(step, owner: "a").attempts == 2)
        var completed = step
        completed.status = .completed
        completed.payload = #"{"text":"\#(big)"}"#
        try await store.checkpoint(run: try #require(try await store.run(run.id)), steps: [completed], events: [], owner: "a")
        #expect(try await store.steps(of: run.id).first?.payload == completed.payload)
        await #expect(throws: AgentStoreError.self) { _ = try await store.beginStep(step, owner: "b") }
        #expect(try await store.putResult(key: "k1", runID: run.id, name: "n", value: big))
        #expect(try await store.putResult(key: "k1", runID: run.id, name: "n", value: "other") == false)
        #expect(try await store.results(of: run.id).map(\.value) == [big])
        try await runner.cancel(runID: run.id)
        let error = await #expect(throws: AgentStoreError.self) { _ = try await store.beginStep(step, owner: "a") }
        #expect(error?.code == "cancelled")
        try await store.breakLease(runID: run.id)
        #expect(try await store.acquireLease(runID: run.id, owner: "b", until: far))
    }

    @Test("the SQS scheduler sends continuation events the queue handler understands")
    func sqsScheduler() async throws {
        let moto = try #require(try await MotoPeer.get())
        let sqs = SQSClient(client: moto.client(.sqs))
        let queue = try await sqs.createQueue(name: "agents-\(UInt32.random(in: 0...UInt32.max))")
        let scheduler = SQSContinuationScheduler(sqs: sqs, queueURL: queue)
        try await scheduler.scheduleContinuation(runID: "run_abc", after: .zero)
        let messages = try await sqs.receiveMessages(queueURL: queue, maxMessages: 1, waitTime: .seconds(1))
        let message = try #require(messages.first)
        #expect(AgentContinuationEvent(json: Array(message.body.utf8)) == AgentContinuationEvent(runID: "run_abc"))
    }

    @Test("read_s3_object reads allowed buckets only, and cuts long objects")
    func readS3Object() async throws {
        let moto = try #require(try await MotoPeer.get())
        let s3 = S3Client(client: moto.client(.s3))
        let bucket = "docs-\(UInt32.random(in: 0...UInt32.max))"
        try await s3.createBucket(bucket)
        try await s3.putObject(bucket: bucket, key: "a/notes.txt", body: ByteBuffer(string: "quarterly numbers: up 4%"))
        try await s3.putObject(bucket: bucket, key: "long.txt", body: ByteBuffer(string: String(repeating: "z", count: 5000)))
        let turns = [
            ScriptedChatModel.Turn(calls: [
                ("read_s3_object", #"{"bucket":"\#(bucket)","key":"a/notes.txt"}"#),
                ("read_s3_object", #"{"bucket":"\#(bucket)","key":"long.txt"}"#),
                ("read_s3_object", #"{"bucket":"other","key":"x"}"#),
            ]),
            ScriptedChatModel.Turn(text: "{{results}}"),
        ]
        let runner = AgentRunner(
            store: try AgentTestSupport.store(),
            model: ScriptedChatModel(turns: turns),
            tools: ToolRegistry([BuiltinTools.readS3Object(s3: s3, buckets: [bucket], maxBytes: 1000)])
        )
        let run = try await runner.create(goal: "read", model: "m", tools: ["read_s3_object"])
        guard case .completed(let answer) = try await runner.run(run.id) else {
            Issue.record("the run did not complete")
            return
        }
        let parts = answer.split(separator: "|").map(String.init)
        #expect(try JSONValue(parsing: parts[0])["text"] == "quarterly numbers: up 4%")
        let long = try JSONValue(parsing: parts[1])
        #expect(long["truncated"] == true)
        #expect(long["text"]?.stringValue?.count == 1000)
        #expect(parts[2].contains("is not one this agent may read"))
    }
}
