import Foundation
import Synchronization
import TandemApp
import TandemCore
import TandemLLM
import TandemSQLite
import Testing

/// The agent against a real LiteLLM proxy (``LiteLLMPeer/agent()``): the service built from the environment as
/// `tandem serve` builds it (the router, the OpenAI or Anthropic provider over HTTP, a SQLite file), one model turn
/// asking for a side-effecting tool, the tool's result back, the model's text answer.
@Suite(
    "Agent against LiteLLM's proxy",
    .serialized,
    .enabled(if: LiteLLMPeer.isAvailable, "needs litellm[proxy] in .venv (tests/requirements.txt)"),
    .timeLimit(.minutes(3))
)
struct AgentLiteLLMTests {
    /// `record_note`: counts its runs and keeps the arguments it was given; answers `{"id": "note-N"}`.
    final class Notes: Sendable {
        let received = Mutex<[JSONValue]>([])
        var count: Int { self.received.withLock { $0.count } }

        var tool: AgentTool {
            AgentTool(
                name: "record_note",
                description: "Write a note down; returns its id.",
                parameters: [
                    "type": "object",
                    "properties": ["note": ["type": "string"], "priority": ["type": "integer"]],
                    "required": ["note"],
                ],
                effect: .sideEffecting
            ) { arguments, _ in
                let number = self.received.withLock { received in
                    received.append(arguments)
                    return received.count
                }
                return .result(["id": .string("note-\(number)")])
            }
        }
    }

    struct Setup {
        let peer: LiteLLMPeer
        let environment: [String: String]
        let directory: URL
    }

    func setup() async throws -> Setup {
        let peer = try await LiteLLMPeer.agent()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-agent-litellm-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let environment = [
            "TANDEM_AGENT_STORE": directory.appendingPathComponent("agents.sqlite").path,
            "OPENAI_BASE_URL": peer.baseURL + "/v1",
            "OPENAI_API_KEY": peer.masterKey,
            "ANTHROPIC_BASE_URL": peer.baseURL,
            "ANTHROPIC_API_KEY": peer.masterKey,
        ]
        return Setup(peer: peer, environment: environment, directory: directory)
    }

    /// Runs `goal` on `model` to its end and checks what every provider must give: the events, the tool's
    /// arguments, the steps, usage as LiteLLM counted it; then resumes the finished run from a new service on the
    /// same file and checks that nothing ran again. Returns the run and LiteLLM's ledger entries for it.
    func runAndResume(model: String, goal: String) async throws -> (AgentRunRecord, [LiteLLMPeer.LedgerEntry]) {
        let setup = try await self.setup()
        defer { try? FileManager.default.removeItem(at: setup.directory) }
        let before = try setup.peer.mockCalls().count
        let notes = Notes()
        let service = try AgentService.fromEnvironment(setup.environment, onLambda: false, tools: ToolRegistry([notes.tool]))
        let run = try await service.runner.create(goal: goal, model: model, tools: ["record_note"])
        let seen = Mutex<[AgentEvent]>([])
        let outcome = try await service.resume(run.id) { event in seen.withLock { $0.append(event) } }

        #expect(outcome == .completed(answer: "Saved as note-1"))
        #expect(notes.count == 1)
        #expect(notes.received.withLock { $0 } == [["note": .string(goal), "priority": 2]])

        let events = try await service.runner.store.events(of: run.id, after: 0, limit: 1000)
        #expect(events.map(\.sequence) == Array(1...Int64(events.count)))
        #expect(seen.withLock { $0.map(\.sequence) } == Array(events.map(\.sequence).dropFirst()))
        let kinds = events.map(\.kind).filter { $0 != .textDelta }
        #expect(
            kinds == [
                .created,
                .stepStarted, .toolCall, .usage, .checkpoint,
                .stepStarted, .toolResult, .checkpoint,
                .stepStarted, .usage, .checkpoint, .finished,
            ]
        )
        let call = try #require(events.first { $0.kind == .toolCall })
        #expect(call.data["name"]?.stringValue == "record_note")
        let arguments = try #require(call.data["arguments"]?.stringValue)
        #expect(try JSONValue(parsing: arguments) == ["note": .string(goal), "priority": 2])
        let result = try #require(events.first { $0.kind == .toolResult })
        let content = try #require(result.data["content"]?.stringValue)
        #expect(try JSONValue(parsing: content) == ["id": "note-1"])
        // The answer arrived streamed, as text deltas that add up to it.
        let deltas = events.filter { $0.kind == .textDelta }.compactMap { $0.data["text"]?.stringValue }
        #expect(deltas.joined() == "Saved as note-1")

        let stored = try #require(try await service.runner.store.run(run.id))
        #expect(stored.status == .completed)
        #expect(stored.answer == "Saved as note-1")
        #expect(stored.completedSteps == 3)
        #expect(stored.modelTurns == 2)
        let steps = try await service.runner.store.steps(of: run.id)
        #expect(steps.map(\.kind) == [.model, .tool, .model])
        #expect(steps.allSatisfy { $0.status == .completed && $0.attempts == 1 })

        let ledger = Array(try await setup.peer.mockCalls(count: before + 2).dropFirst(before))
        #expect(ledger.count == 2)
        #expect(stored.inputTokens == ledger.compactMap(\.promptTokens).reduce(0, +))
        #expect(stored.outputTokens == ledger.compactMap(\.completionTokens).reduce(0, +))
        #expect(stored.inputTokens > 0 && stored.outputTokens > 0)
        let usage = try #require(events.last { $0.kind == .usage })
        #expect(usage.data["input_tokens"]?.integerValue == Int64(stored.inputTokens))
        #expect(usage.data["output_tokens"]?.integerValue == Int64(stored.outputTokens))

        // A new service on the same file (what a restarted process builds) resumes the finished run.
        let again = try AgentService.fromEnvironment(setup.environment, onLambda: false, tools: ToolRegistry([notes.tool]))
        let resumed = Mutex<[AgentEvent]>([])
        let second = try await again.resume(run.id) { event in resumed.withLock { $0.append(event) } }
        #expect(second == .completed(answer: "Saved as note-1"))
        #expect(resumed.withLock { $0.isEmpty })
        #expect(notes.count == 1)
        #expect(try await again.runner.store.events(of: run.id, after: 0, limit: 1000).count == events.count)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try setup.peer.mockCalls().count == before + 2)
        return (stored, ledger)
    }

    @Test("OpenAI provider through the router: tool call, side effect, result back, answer; cost as LiteLLM's")
    func openAI() async throws {
        let (run, ledger) = try await self.runAndResume(model: "openai/gpt-4o-mini", goal: "buy oat milk")
        // LiteLLM prices gpt-4o-mini from its own cost map; Tandem prices the same tokens from its table.
        let litellmCost = ledger.compactMap(\.cost).reduce(0, +)
        #expect(ledger.allSatisfy { $0.cost != nil })
        #expect(litellmCost > 0)
        #expect(abs(run.costUSD - litellmCost) < 1e-12)
    }

    @Test("a process lost after the answer came back but before its checkpoint: the resume asks again, the tool stays done")
    func lostAnswer() async throws {
        let setup = try await self.setup()
        defer { try? FileManager.default.removeItem(at: setup.directory) }
        let before = try setup.peer.mockCalls().count
        let notes = Notes()
        let path = try #require(setup.environment["TANDEM_AGENT_STORE"])
        let base = try SQLiteCheckpointStore(path: path)
        // The same router the service builds, over a store that fails the final answer's checkpoint once.
        let first = AgentRunner(
            store: AgentCrashTests.CrashingStore(base: base, crashAt: "m2"),
            model: try AgentModelSource.provider(for: "openai/gpt-4o-mini", environment: setup.environment),
            tools: ToolRegistry([notes.tool])
        )
        let run = try await first.create(goal: "water the plants", model: "openai/gpt-4o-mini", tools: ["record_note"])
        await #expect(throws: AgentCrashTests.CrashingStore.Crash.self) {
            _ = try await first.run(run.id, options: AgentSliceOptions(owner: "lost"))
        }
        #expect(notes.count == 1)
        #expect(try await setup.peer.mockCalls(count: before + 2).count == before + 2)

        let service = try AgentService.fromEnvironment(setup.environment, onLambda: false, tools: ToolRegistry([notes.tool]))
        let outcome = try await service.resume(run.id)
        #expect(outcome == .completed(answer: "Saved as note-1"))
        #expect(notes.count == 1)
        #expect(try await setup.peer.mockCalls(count: before + 3).count == before + 3)
        let steps = try await base.steps(of: run.id)
        #expect(steps.map(\.stepID) == ["m1", "m1.t0", "m2"])
        #expect(steps.map(\.attempts) == [1, 1, 2])
        let events = try await base.events(of: run.id, after: 0, limit: 1000)
        let resumed = try #require(events.first { $0.kind == .resumed })
        #expect(resumed.data["recovered_steps"] == ["m2"])
        #expect(events.filter { $0.kind == .toolCall }.count == 1)
        #expect(events.filter { $0.kind == .toolResult }.count == 1)
    }

    @Test("Anthropic provider against LiteLLM's /v1/messages: tool_use, tool_result, answer")
    func anthropic() async throws {
        let (run, _) = try await self.runAndResume(model: "anthropic/claude-haiku-4-5-20251001", goal: "call the plumber")
        // Tandem prices the tokens LiteLLM counted (reported in Anthropic's format) at the Claude model's price.
        let expected = PriceTable.default.cost(
            of: Usage(inputTokens: run.inputTokens, outputTokens: run.outputTokens),
            model: "claude-haiku-4-5-20251001"
        )
        #expect(expected != nil)
        #expect(abs(run.costUSD - (expected?.total ?? -1)) < 1e-12)
    }
}
