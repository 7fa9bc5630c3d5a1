import Synchronization
import TandemApp
import TandemCore
import TandemLLM
import TandemSQLite

/// Shared pieces of the agent tests: a store, counting tools, scripted turns.
enum AgentTestSupport {
    static func store() throws -> SQLiteCheckpointStore {
        try SQLiteCheckpointStore(database: try SQLiteDatabase.inMemory())
    }

    /// Counts how often each idempotency key ran, and what it computed.
    final class Ledger: Sendable {
        let runs = Mutex<[String: Int]>([:])
        let active = Mutex<(now: Int, peak: Int)>((0, 0))

        var total: Int { self.runs.withLock { $0.values.reduce(0, +) } }
        var keys: [String: Int] { self.runs.withLock { $0 } }
        var peakConcurrency: Int { self.active.withLock { $0.peak } }
    }

    /// `step`: a side-effecting tool that records its key in `ledger` and returns `i * i + 1`, after `delay`.
    static func stepTool(_ ledger: Ledger, delay: Duration = .zero) -> AgentTool {
        AgentTool(
            name: "step",
            description: "Do one step of the work.",
            parameters: ["type": "object", "properties": ["i": ["type": "integer"]], "required": ["i"]],
            effect: .sideEffecting
        ) { arguments, context in
            ledger.active.withLock { state in
                state.now += 1
                state.peak = max(state.peak, state.now)
            }
            defer { ledger.active.withLock { $0.now -= 1 } }
            if delay > .zero { try await Task.sleep(for: delay) }
            let i = arguments["i"]?.integerValue ?? 0
            ledger.runs.withLock { $0[context.idempotencyKey, default: 0] += 1 }
            return .result(["i": .integer(i), "value": .integer(i * i + 1)])
        }
    }

    /// A script of `count` turns each calling `step` with i = turn, then an answer quoting every result.
    static func workflow(steps count: Int, delay: Duration = .zero) -> [ScriptedChatModel.Turn] {
        (0..<count).map { ScriptedChatModel.Turn(calls: [("step", #"{"i":\#($0)}"#)], delay: delay) }
            + [ScriptedChatModel.Turn(text: "done: {{results}}")]
    }

    /// The answer a `workflow(steps:)` run must give.
    static func expectedAnswer(steps count: Int) -> String {
        "done: " + (0..<count).map { #"{"i":\#($0),"value":\#($0 * $0 + 1)}"# }.joined(separator: "|")
    }
}
