// Agent checkpoint benchmark: the cost a durable step adds on SQLite, and how fast a cold process resumes a run.
// Usage: tandem-bench-agents [steps] [resume runs] [path of the tandem binary]   (bench/agents/run.sh builds both)
import Foundation
#if canImport(Glibc)
import Glibc
#endif
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
let tandem = arguments.count > 3 ? arguments[3] : nil

let noop = AgentTool(name: "noop", description: "does nothing", parameters: ["type": "object"]) { _, _ in
    .result(["ok": true])
}
let turns = (0..<steps).map { _ in ScriptedChatModel.Turn(calls: [("noop", "{}")]) } + [ScriptedChatModel.Turn(text: "done")]
let model = ScriptedChatModel(turns: turns)
let directory = NSTemporaryDirectory() + "tandem-bench-agents-\(getpid())"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]
}

// 1. One workflow, the same model and tool, three stores. A model turn and a tool call are both steps.
func timeWorkflow(_ store: any CheckpointStore, id: String) async throws -> Duration {
    var runner = AgentRunner(store: store, model: model, tools: ToolRegistry([noop]))
    runner.streaming = false
    let run = try await runner.create(id: id, goal: "bench", model: "m", tools: ["noop"], limits: AgentLimits(maxSteps: 2 * steps + 10))
    let clock = ContinuousClock()
    let start = clock.now
    let outcome = try await runner.run(run.id)
    let elapsed = clock.now - start
    guard case .completed = outcome else { fatalError("the workflow did not complete: \(outcome)") }
    return elapsed
}

let stepCount = Double(2 * steps + 1)
var baseline: [Double] = []
var memory: [Double] = []
var file: [Double] = []
for round in 0..<3 {
    baseline.append(seconds(try await timeWorkflow(NullStore(), id: "null-\(round)")) / stepCount)
    memory.append(seconds(try await timeWorkflow(try SQLiteCheckpointStore(database: try .inMemory()), id: "mem-\(round)")) / stepCount)
    let path = directory + "/bench-\(round).sqlite"
    file.append(seconds(try await timeWorkflow(try SQLiteCheckpointStore(path: path), id: "file-\(round)")) / stepCount)
}

// 2. The store's own calls per step, timed one by one: begin (intent) + checkpoint (result, run, events).
let store = try SQLiteCheckpointStore(path: directory + "/calls.sqlite")
let clock = ContinuousClock()
var record = AgentRunRecord(id: "calls", goal: "g", model: "m", tools: [], limits: AgentLimits(), now: Deadline.nowMilliseconds())
try await store.createRun(record, events: [])
_ = try await store.acquireLease(runID: "calls", owner: "w", until: Deadline.nowMilliseconds() + 3_600_000)
var perStep: [Double] = []
let payload = try String(decoding: JSONEncoder().encode(AgentToolResult(callID: "c", name: "noop", content: #"{"ok":true}"#)), as: UTF8.self)
for index in 0..<steps {
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

print("| measurement | p50 | p90 | note |")
print("|---|---:|---:|---|")
func ms(_ value: Double) -> String { String(format: "%.3f ms", value * 1000) }
func us(_ value: Double) -> String { String(format: "%.1f µs", value * 1_000_000) }
print("| step, no store (baseline loop) | \(us(percentile(baseline, 0.5))) | \(us(percentile(baseline, 0.9))) | \(Int(stepCount)) steps x 3 runs |")
print("| step, SQLite in memory | \(us(percentile(memory, 0.5))) | \(us(percentile(memory, 0.9))) | |")
print("| step, SQLite file (WAL, synchronous=NORMAL) | \(us(percentile(file, 0.5))) | \(us(percentile(file, 0.9))) | |")
print("| checkpoint overhead per step, SQLite file | \(us(percentile(file, 0.5) - percentile(baseline, 0.5))) | | file minus baseline |")
print("| begin + checkpoint calls, SQLite file | \(us(percentile(perStep, 0.5))) | \(us(percentile(perStep, 0.9))) | \(steps) steps, timed one by one; p99 \(us(percentile(perStep, 0.99))) |")

// 3. Resume from a cold process: spawn `tandem agent resume` to the first step_started event on its stdout.
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
