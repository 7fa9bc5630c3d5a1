// Agent checkpoint benchmark: the cost a durable step adds on SQLite and on DynamoDB (moto's server), and how fast a
// cold process resumes a run.
// Usage: tandem-bench-agents [steps] [resume runs] [path of the tandem binary] [DynamoDB steps]
// (bench/agents/run.sh builds both; the DynamoDB rows need moto: `$TANDEM_PYTHON` or `./.venv/bin/python`, run from
// the repository root)
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TandemAWS
import TandemApp
import TandemCore
import TandemLLM
import Synchronization
import TandemSQLite

/// A store that keeps only the run record: the baseline the SQLite store is compared with.
final class NullStore: CheckpointStore {
    let record = Mutex<AgentRunRecord?>(nil)
    func createRun(_ run: AgentRunRecord, events: [AgentEvent]) async throws { self.record.withLock { $0 = run } }
    func run(_ id: String) async throws -> AgentRunRecord? { self.record.withLock { $0 } }
    func steps(of runID: String) async throws -> [AgentStepRecord] { [] }
    func beginStep(_ step: AgentStepRecord, owner: String) async throws -> AgentStepRecord { step }
    func checkpoint(run: AgentRunRecord, steps: [AgentStepRecord], events: [AgentEvent], owner: String?) async throws {
        self.record.withLock { $0 = run }
    }
    func appendEvents(_ events: [AgentEvent]) async throws {}
    func events(of runID: String, after sequence: Int64, limit: Int) async throws -> [AgentEvent] { [] }
    func lastEventSequence(of runID: String) async throws -> Int64 { 0 }
    func acquireLease(runID: String, owner: String, until: Int64) async throws -> Bool { true }
    func releaseLease(runID: String, owner: String) async throws {}
    func breakLease(runID: String) async throws {}
    func putResult(key: String, runID: String, name: String, value: String) async throws -> Bool { true }
    func results(of runID: String) async throws -> [AgentStoredResult] { [] }
}

let arguments = CommandLine.arguments
let steps = arguments.count > 1 ? Int(arguments[1]) ?? 1000 : 1000
let resumeRuns = arguments.count > 2 ? Int(arguments[2]) ?? 15 : 15
let tandem = arguments.count > 3 && !arguments[3].isEmpty ? arguments[3] : nil
let dynamoSteps = arguments.count > 4 ? Int(arguments[4]) ?? 100 : 100

let noop = AgentTool(name: "noop", description: "does nothing", parameters: ["type": "object"]) { _, _ in
    .result(["ok": true])
}
func workflowModel(_ count: Int) -> ScriptedChatModel {
    ScriptedChatModel(turns: (0..<count).map { _ in ScriptedChatModel.Turn(calls: [("noop", "{}")]) } + [ScriptedChatModel.Turn(text: "done")])
}
let model = workflowModel(steps)
let directory = NSTemporaryDirectory() + "tandem-bench-agents-\(getpid())"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// CPU time of the whole process (every thread), in seconds: steadier than wall-clock time on a loaded machine.
func processCPU() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]
}

// 1. One workflow, the same model and tool, three stores. A model turn and a tool call are both steps.
func timeWorkflow(
    _ store: any CheckpointStore,
    id: String,
    model: ScriptedChatModel = model,
    turns: Int = steps
) async throws -> (wall: Duration, cpu: Double) {
    var runner = AgentRunner(store: store, model: model, tools: ToolRegistry([noop]))
    runner.streaming = false
    let run = try await runner.create(id: id, goal: "bench", model: "m", tools: ["noop"], limits: AgentLimits(maxSteps: 2 * turns + 10))
    let clock = ContinuousClock()
    let start = clock.now
    let cpu = processCPU()
    let outcome = try await runner.run(run.id)
    let elapsed = clock.now - start
    let cpuElapsed = processCPU() - cpu
    guard case .completed = outcome else { fatalError("the workflow did not complete: \(outcome)") }
    return (elapsed, cpuElapsed)
}

let stepCount = Double(2 * steps + 1)
var baseline: [Double] = []
var memory: [Double] = []
var file: [Double] = []
var baselineCPU: [Double] = []
var fileCPU: [Double] = []
for round in 0..<3 {
    let null = try await timeWorkflow(NullStore(), id: "null-\(round)")
    baseline.append(seconds(null.wall) / stepCount)
    baselineCPU.append(null.cpu / stepCount)
    memory.append(seconds(try await timeWorkflow(try SQLiteCheckpointStore(database: try .inMemory()), id: "mem-\(round)").wall) / stepCount)
    let path = directory + "/bench-\(round).sqlite"
    let onFile = try await timeWorkflow(try SQLiteCheckpointStore(path: path), id: "file-\(round)")
    file.append(seconds(onFile.wall) / stepCount)
    fileCPU.append(onFile.cpu / stepCount)
}

// 2. The store's own calls per step, timed one by one: begin (intent) + checkpoint (result, run, events).
let clock = ContinuousClock()
let payload = try String(decoding: JSONEncoder().encode(AgentToolResult(callID: "c", name: "noop", content: #"{"ok":true}"#)), as: UTF8.self)

func timeStoreCalls(_ store: any CheckpointStore, count: Int) async throws -> [Double] {
    var record = AgentRunRecord(id: "calls", goal: "g", model: "m", tools: [], limits: AgentLimits(), now: Deadline.nowMilliseconds())
    try await store.createRun(record, events: [])
    _ = try await store.acquireLease(runID: "calls", owner: "w", until: Deadline.nowMilliseconds() + 3_600_000)
    var perStep: [Double] = []
    for index in 0..<count {
        let start = clock.now
        var step = try await store.beginStep(
            AgentStepRecord(runID: "calls", stepID: "s\(index)", index: index, kind: .tool, status: .started),
            owner: "w"
        )
        step.status = .completed
        step.payload = payload
        record.completedSteps += 1
        record.lastEventSequence += 2
        let events = [
            AgentEvent(runID: "calls", sequence: record.lastEventSequence - 1, kind: .toolResult, stepID: step.stepID, data: ["content": #"{"ok":true}"#], timeMilliseconds: 0),
            AgentEvent(runID: "calls", sequence: record.lastEventSequence, kind: .checkpoint, stepID: step.stepID, timeMilliseconds: 0),
        ]
        try await store.checkpoint(run: record, steps: [step], events: events, owner: "w")
        perStep.append(seconds(clock.now - start))
    }
    return perStep
}
let perStep = try await timeStoreCalls(try SQLiteCheckpointStore(path: directory + "/calls.sqlite"), count: steps)

print("| measurement | p50 | p90 | note |")
print("|---|---:|---:|---|")
func ms(_ value: Double) -> String { String(format: "%.3f ms", value * 1000) }
func us(_ value: Double) -> String { String(format: "%.1f µs", value * 1_000_000) }
print("| step, no store (baseline loop) | \(us(percentile(baseline, 0.5))) | \(us(percentile(baseline, 0.9))) | \(Int(stepCount)) steps x 3 runs |")
print("| step, SQLite in memory | \(us(percentile(memory, 0.5))) | \(us(percentile(memory, 0.9))) | |")
print("| step, SQLite file (WAL, synchronous=NORMAL) | \(us(percentile(file, 0.5))) | \(us(percentile(file, 0.9))) | |")
print("| checkpoint overhead per step, SQLite file | \(us(percentile(file, 0.5) - percentile(baseline, 0.5))) | | file minus baseline |")
print("| CPU per step (process, all threads): no store -> SQLite file | \(us(percentile(baselineCPU, 0.5))) -> \(us(percentile(fileCPU, 0.5))) | | checkpoint CPU \(us(percentile(fileCPU, 0.5) - percentile(baselineCPU, 0.5))) per step |")
print("| begin + checkpoint calls, SQLite file | \(us(percentile(perStep, 0.5))) | \(us(percentile(perStep, 0.9))) | \(steps) steps, timed one by one; p99 \(us(percentile(perStep, 0.99))) |")

// 3. DynamoDB through moto's server (loopback, no signature checks): the same workflow, shorter, and the same calls.
func dynamoRows() async throws {
    let environment = ProcessInfo.processInfo.environment
    let python = environment["TANDEM_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? ".venv/bin/python"
    let peer = "tests/python/aws/moto_peer.py"
    guard dynamoSteps > 0, FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: peer)
    else {
        print("| step, DynamoDB (moto) | | | skipped: no \(python) or \(peer) |")
        return
    }
    let moto = Process()
    moto.executableURL = URL(fileURLWithPath: python)
    moto.arguments = [peer]
    let stdin = Pipe()
    let stdout = Pipe()
    moto.standardInput = stdin
    moto.standardOutput = stdout
    moto.standardError = FileHandle.nullDevice
    try moto.run()
    // moto_peer.py serves until its stdin closes.
    defer { try? stdin.fileHandleForWriting.close() }
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
        let chunk = stdout.fileHandleForReading.availableData
        guard !chunk.isEmpty else { fatalError("moto_peer.py exited before printing its port") }
        line.append(chunk)
    }
    guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
        fatalError("moto_peer.py printed no port")
    }
    let client = AWSServiceClient(
        service: .dynamoDB,
        region: "us-east-1",
        endpoint: AWSEndpoint(scheme: "http", hostName: "127.0.0.1", port: port),
        credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIDBENCH", secretAccessKey: "bench"))
    )
    var table = 0
    func newStore() async throws -> DynamoDBCheckpointStore {
        table += 1
        let store = DynamoDBCheckpointStore(table: "bench-agents-\(table)", dynamo: DynamoDBClient(client: client))
        try await store.createTable()
        return store
    }
    let dynamoModel = workflowModel(dynamoSteps)
    let dynamoStepCount = Double(2 * dynamoSteps + 1)
    var shortBaseline: [Double] = []
    var dynamo: [Double] = []
    var shortBaselineCPU: [Double] = []
    var dynamoCPU: [Double] = []
    for round in 0..<3 {
        let null = try await timeWorkflow(NullStore(), id: "null-short-\(round)", model: dynamoModel, turns: dynamoSteps)
        shortBaseline.append(seconds(null.wall) / dynamoStepCount)
        shortBaselineCPU.append(null.cpu / dynamoStepCount)
        let onDynamo = try await timeWorkflow(try await newStore(), id: "dynamo-\(round)", model: dynamoModel, turns: dynamoSteps)
        dynamo.append(seconds(onDynamo.wall) / dynamoStepCount)
        dynamoCPU.append(onDynamo.cpu / dynamoStepCount)
    }
    let calls = try await timeStoreCalls(try await newStore(), count: dynamoSteps)
    print("| step, no store (baseline loop, \(Int(dynamoStepCount)) steps) | \(us(percentile(shortBaseline, 0.5))) | \(us(percentile(shortBaseline, 0.9))) | \(Int(dynamoStepCount)) steps x 3 runs |")
    print("| step, DynamoDB (moto server on loopback) | \(ms(percentile(dynamo, 0.5))) | \(ms(percentile(dynamo, 0.9))) | |")
    print("| checkpoint overhead per step, DynamoDB (moto) | \(ms(percentile(dynamo, 0.5) - percentile(shortBaseline, 0.5))) | | DynamoDB minus baseline |")
    print("| CPU per step in Tandem's process: no store -> DynamoDB client | \(us(percentile(shortBaselineCPU, 0.5))) -> \(us(percentile(dynamoCPU, 0.5))) | | client side only (signing, JSON, HTTP); moto's CPU not counted |")
    print("| begin + checkpoint calls, DynamoDB (moto) | \(ms(percentile(calls, 0.5))) | \(ms(percentile(calls, 0.9))) | \(dynamoSteps) steps, timed one by one; p99 \(ms(percentile(calls, 0.99))) |")
}
try await dynamoRows()

// 4. Resume from a cold process: spawn `tandem agent resume` to the first step_started event on its stdout.
guard let tandem else { exit(0) }
// The run has 10 put_result turns (21 completed steps) and a delivered callback behind it, as a Lambda slice or a
// crashed process leaves it; the cold process replays them and runs the next model turn.
let scriptPath = directory + "/script.json"
let script: [JSONValue] = (0..<10).map { i in
    ["tool_calls": [["name": "put_result", "arguments": ["name": .string("r\(i)"), "value": .integer(Int64(i))]]]]
} + [["tool_calls": [["name": "wait_for_callback", "arguments": [:]]]], ["text": "done"]]
try JSONValue.array(script).canonicalJSON().write(toFile: scriptPath, atomically: true, encoding: .utf8)
let resumeStorePath = directory + "/resume.sqlite"
let resumeStore = try SQLiteCheckpointStore(path: resumeStorePath)
let resumeRunner = AgentRunner(store: resumeStore, model: try ScriptedChatModel(contentsOf: scriptPath), tools: ToolRegistry(BuiltinTools.all()))
var latencies: [Double] = []
var totals: [Double] = []
for index in 0..<resumeRuns {
    let run = try await resumeRunner.create(id: "resume-\(index)", goal: "g", model: "script:\(scriptPath)", tools: ["put_result", "wait_for_callback"])
    guard case .suspended(let suspension) = try await resumeRunner.run(run.id), let token = suspension.token else {
        fatalError("the run did not suspend")
    }
    _ = try await resumeRunner.deliverCallback(runID: run.id, token: token, payload: ["ok": true])
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tandem)
    process.arguments = ["agent", "resume", run.id, "--store", resumeStorePath, "--json"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    let start = clock.now
    try process.run()
    var buffer = Data()
    var first: Duration?
    while first == nil {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        buffer.append(chunk)
        if String(decoding: buffer, as: UTF8.self).contains(#""type":"step_started""#) { first = clock.now - start }
    }
    _ = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard let first else { fatalError("tandem agent resume printed no step") }
    latencies.append(seconds(first))
    totals.append(seconds(clock.now - start))
    let final = try await resumeStore.run(run.id)
    guard final?.status == .completed else { fatalError("resume did not complete the run: \(String(describing: final?.status))") }
}
print("| cold resume: spawn to first step started | \(ms(percentile(latencies, 0.5))) | \(ms(percentile(latencies, 0.9))) | \(resumeRuns) runs of `tandem agent resume`, 22 steps replayed first |")
print("| cold resume: spawn to run completed and exit | \(ms(percentile(totals, 0.5))) | \(ms(percentile(totals, 0.9))) | |")
