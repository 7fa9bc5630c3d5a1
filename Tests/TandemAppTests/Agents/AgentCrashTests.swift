import Foundation
import Synchronization
import TandemApp
import TandemCore
import TandemLLM
import TandemSQLite
import Testing

/// Exactly-once side effects across crashes: the window between a tool's effect and its checkpoint, in process
/// (a store that fails the checkpoint) and for real (`kill -9` of a `tandem agent` process, then resume).
@Suite("Agents across crashes", .timeLimit(.minutes(3)))
struct AgentCrashTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A store that refuses the checkpoint of one step's result, as if the process died right after the tool ran.
    final class CrashingStore: CheckpointStore {
        let base: SQLiteCheckpointStore
        let crashAt: String
        let crashed = Mutex(false)

        init(base: SQLiteCheckpointStore, crashAt stepID: String) {
            self.base = base
            self.crashAt = stepID
        }

        struct Crash: Error {}

        func checkpoint(run: AgentRunRecord, steps: [AgentStepRecord], events: [AgentEvent], owner: String?) async throws {
            if steps.contains(where: { $0.stepID == self.crashAt && $0.status == .completed }),
                self.crashed.withLock({ done in defer { done = true }; return !done })
            {
                throw Crash()
            }
            try await self.base.checkpoint(run: run, steps: steps, events: events, owner: owner)
        }

        func createRun(_ run: AgentRunRecord, events: [AgentEvent]) async throws { try await self.base.createRun(run, events: events) }
        func run(_ id: String) async throws -> AgentRunRecord? { try await self.base.run(id) }
        func steps(of runID: String) async throws -> [AgentStepRecord] { try await self.base.steps(of: runID) }
        func beginStep(_ step: AgentStepRecord, owner: String) async throws -> AgentStepRecord {
            try await self.base.beginStep(step, owner: owner)
        }
        func appendEvents(_ events: [AgentEvent]) async throws { try await self.base.appendEvents(events) }
        func events(of runID: String, after sequence: Int64, limit: Int) async throws -> [AgentEvent] {
            try await self.base.events(of: runID, after: sequence, limit: limit)
        }
        func lastEventSequence(of runID: String) async throws -> Int64 { try await self.base.lastEventSequence(of: runID) }
        func acquireLease(runID: String, owner: String, until: Int64) async throws -> Bool {
            try await self.base.acquireLease(runID: runID, owner: owner, until: until)
        }
        func releaseLease(runID: String, owner: String) async throws { try await self.base.releaseLease(runID: runID, owner: owner) }
        func breakLease(runID: String) async throws { try await self.base.breakLease(runID: runID) }
        func putResult(key: String, runID: String, name: String, value: String) async throws -> Bool {
            try await self.base.putResult(key: key, runID: runID, name: name, value: value)
        }
        func results(of runID: String) async throws -> [AgentStoredResult] { try await self.base.results(of: runID) }
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "tandem-agent-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test(
        "a side-effecting tool interrupted between its effect and its checkpoint is not applied twice",
        arguments: [AgentTool.Effect.sideEffecting, .sideEffectingOnce]
    )
    func crashWindow(effect: AgentTool.Effect) async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = BuiltinTools.appendLine(directory: directory)
        tool.effect = effect
        let turns = [
            ScriptedChatModel.Turn(calls: [("append_line", #"{"file":"effects.txt","text":"first"}"#)]),
            ScriptedChatModel.Turn(calls: [("append_line", #"{"file":"effects.txt","text":"second"}"#)]),
            ScriptedChatModel.Turn(text: "{{results}}"),
        ]
        let base = try AgentTestSupport.store()
        let crashing = CrashingStore(base: base, crashAt: "m1.t0")
        let model = ScriptedChatModel(turns: turns)
        let first = AgentRunner(store: crashing, model: model, tools: ToolRegistry([tool]))
        let run = try await first.create(goal: "x", model: "m", tools: ["append_line"])
        await #expect(throws: CrashingStore.Crash.self) { _ = try await first.run(run.id, options: AgentSliceOptions(owner: "w1")) }
        try await base.releaseLease(runID: run.id, owner: "w1")
        #expect(Self.lines(directory + "/effects.txt").count == 1)

        let second = AgentRunner(store: base, model: model, tools: ToolRegistry([tool]))
        let outcome = try await second.run(run.id, options: AgentSliceOptions(owner: "w2"))
        let lines = Self.lines(directory + "/effects.txt")
        #expect(lines == ["agent:\(run.id):m1.t0\tfirst", "agent:\(run.id):m2.t0\tsecond"])
        let steps = try await base.steps(of: run.id)
        #expect(steps.first { $0.stepID == "m1.t0" }?.attempts == 2)
        let events = try await base.events(of: run.id, after: 0, limit: 1000)
        let resumed = try #require(events.first { $0.kind == .resumed })
        #expect(resumed.data["recovered_steps"] == ["m1.t0"])
        switch effect {
        case .sideEffecting:
            #expect(outcome == .completed(answer: #"{"appended":true,"file":"effects.txt"}|{"appended":true,"file":"effects.txt"}"#))
        default:
            guard case .completed(let answer) = outcome else {
                Issue.record("expected completion, got \(outcome)")
                return
            }
            #expect(answer.hasPrefix("error: this call was interrupted"))
        }
    }

    @Test("kill -9 of a tandem agent process mid-run, then resume: every side effect happened exactly once")
    func killNine() async throws {
        let binary = Self.root.appendingPathComponent(".build/debug/tandem").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the tandem executable first")
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let steps = 24
        var script: [JSONValue] = (0..<steps).map { i in
            [
                "delay_ms": 60,
                "tool_calls": [
                    ["name": "append_line", "arguments": ["file": "effects.txt", "text": .string("step \(i)")]],
                    ["name": "put_result", "arguments": ["name": .string("r\(i)"), "value": .integer(Int64(i))]],
                ],
            ]
        }
        script.append(["text": "finished {{last_result}}"])
        try JSONValue.array(script).canonicalJSON().write(toFile: directory + "/script.json", atomically: true, encoding: .utf8)
        let store = directory + "/agents.sqlite"
        let runID = "run_crash_\(UInt32.random(in: 0...UInt32.max))"
        let common = ["--store", store, "--workspace", directory, "--json"]

        func launch(_ arguments: [String]) throws -> (Process, ProcessExit) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let watcher = ProcessExit(process)
            try process.run()
            return (process, watcher)
        }

        var kills = 0
        var attempts = 0
        var finished = false
        let start = ["agent", "run", "--id", runID, "--model", "script:\(directory)/script.json", "--tools",
                     "append_line,put_result", "--max-steps", "200"] + common + ["count to \(steps)"]
        var (process, exited) = try launch(start)
        while !finished, attempts < 60 {
            attempts += 1
            if kills < 8 {
                try await Task.sleep(for: .milliseconds(Int.random(in: 120...450)))
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                }
            }
            // Not `waitUntilExit()`: that blocks a thread of the cooperative pool for the child's lifetime.
            await exited.wait()
            if process.terminationReason == .exit, process.terminationStatus == 0 {
                finished = true
                break
            }
            // A process killed before it stored the run starts it again; otherwise the next one takes over the run
            // (the killed process still holds its lease), as an operator would after a crash.
            let exists = try await SQLiteCheckpointStore(path: store).run(runID) != nil
            (process, exited) = try launch(exists ? ["agent", "resume", "--force", runID] + common : start)
        }
        #expect(finished, "the run did not finish after \(attempts) processes")
        #expect(kills >= 3, "only \(kills) kills landed")

        let checkpoints = try SQLiteCheckpointStore(path: store)
        let run = try #require(try await checkpoints.run(runID))
        #expect(run.status == .completed)
        #expect(run.answer == #"finished {"name":"r\#(steps - 1)","stored":true}"#)
        let effects = Self.lines(directory + "/effects.txt")
        let expected = (0..<steps).map { "agent:\(runID):m\($0 + 1).t0\tstep \($0)" }
        #expect(effects == expected)
        let results = try await checkpoints.results(of: runID)
        #expect(results.map(\.name) == (0..<steps).map { "r\($0)" })
        #expect(Set(results.map(\.key)).count == steps)
        let recovered = try await checkpoints.steps(of: runID).filter { $0.attempts > 1 }
        print("kill -9: \(kills) kills, \(attempts) processes, \(run.slices) slices, \(recovered.count) steps redone")
    }
}
