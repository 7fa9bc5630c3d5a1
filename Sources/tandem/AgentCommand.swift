import ArgumentParser
import TandemApp
import TandemCore
import TandemLLM

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `tandem agent`: run durable agents locally (SQLite checkpoints), resume them after a crash, and show them.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run, resume and inspect durable agent runs.",
        subcommands: [Run.self, Resume.self, Show.self]
    )

    struct StoreOptions: ParsableArguments {
        @Option(help: "The SQLite checkpoint store (default: $TANDEM_AGENT_STORE or .tandem/agents.sqlite).")
        var store: String?

        @Option(help: "The folder append_line writes to (enables the append_line tool).")
        var workspace: String?

        func path() throws -> String {
            if let store { return store }
            if let path = ProcessInfo.processInfo.environment["TANDEM_AGENT_STORE"], !path.isEmpty { return path }
            mkdir(".tandem", 0o755)
            return ".tandem/agents.sqlite"
        }

        func tools() -> ToolRegistry {
            var registry = ToolRegistry(BuiltinTools.all())
            if let workspace { registry.register(BuiltinTools.appendLine(directory: workspace)) }
            return registry
        }
    }

    struct Output: ParsableArguments {
        @Flag(help: "Print one event per line as JSON.")
        var json = false

        func print(_ event: AgentEvent) {
            if self.json {
                AgentCommand.write(event.wireJSON.canonicalJSON() + "\n")
                return
            }
            switch event.kind {
            case .textDelta:
                AgentCommand.write(event.data["text"]?.stringValue ?? "")
            case .toolCall:
                let name = event.data["name"]?.stringValue ?? ""
                AgentCommand.write("\n-> \(name) \(event.data["arguments"]?.stringValue ?? "")\n")
            case .toolResult:
                let content = event.data["content"]?.stringValue ?? ""
                let marker = event.data["is_error"]?.boolValue == true ? "!!" : "<-"
                AgentCommand.write("\(marker) \(content.prefix(300))\n")
            case .suspended:
                AgentCommand.write("\n[suspended: \(event.data.canonicalJSON())]\n")
            case .continuing:
                AgentCommand.write("\n[checkpointed; continue with: tandem agent resume \(event.runID)]\n")
            case .finished:
                AgentCommand.write("\n")
            case .failed, .cancelled:
                AgentCommand.write("\n[\(event.kind.rawValue): \(event.data["message"]?.stringValue ?? "")]\n")
            default:
                break
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a run and work on it until it ends or suspends.",
            discussion: """
                The model is any model the router knows (openai/gpt-4o-mini, anthropic/..., bedrock/..., a configured \
                alias), or script:FILE for a scripted model. Every step is checkpointed in the store: after a crash, \
                `tandem agent resume ID` continues without redoing completed steps.
                """
        )

        @Option(help: "The model.")
        var model: String

        @Option(help: "Comma-separated tool names (http_fetch, put_result, wait_for_callback, sleep, append_line).")
        var tools: String = ""

        @Option(help: "System instructions.")
        var system: String?

        @Option(help: "The run's id (default: a random one).")
        var id: String?

        @Option(help: "The most steps.")
        var maxSteps: Int = 50

        @Option(help: "The most tokens.")
        var maxTokens: Int?

        @Option(help: "The most US dollars.")
        var maxCost: Double?

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: Output

        @Argument(help: "The goal.")
        var goal: String

        func run() async throws {
            let runner = try AgentCommand.runner(model: self.model, options: self.storeOptions)
            let names = self.tools.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty }
            let limits = AgentLimits(maxSteps: self.maxSteps, maxTokens: self.maxTokens, maxCostUSD: self.maxCost)
            let run = try await runner.create(id: self.id, goal: self.goal, system: self.system, model: self.model, tools: names, limits: limits)
            if let created = try await runner.store.events(of: run.id, after: 0, limit: 1).first { self.output.print(created) }
            if !self.output.json { AgentCommand.write("run \(run.id)\n", to: 2) }
            try await AgentCommand.work(run.id, runner: runner, output: self.output)
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Continue a run from its last checkpoint.")

        @Option(help: "Use this model instead of the run's (for example a script).")
        var model: String?

        @Flag(help: "Take the run over from a process that died holding it.")
        var force = false

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: Output

        @Argument(help: "The run id.")
        var id: String

        func run() async throws {
            let store = try SQLiteCheckpointStore(path: try self.storeOptions.path())
            guard let record = try await store.run(self.id) else { throw ValidationError("no run with id \(self.id)") }
            if self.force { try await store.breakLease(runID: self.id) }
            let runner = try AgentCommand.runner(model: self.model ?? record.model, options: self.storeOptions)
            try await AgentCommand.work(self.id, runner: runner, output: self.output)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a run: state, steps, usage, cost, answer.")

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The run id.")
        var id: String

        func run() async throws {
            let store = try SQLiteCheckpointStore(path: try self.storeOptions.path())
            guard let run = try await store.run(self.id) else { throw ValidationError("no run with id \(self.id)") }
            let steps = try await store.steps(of: self.id)
            var description = AgentRunDescription.json(run, steps: steps)
            if case .object(var object) = description {
                object["results"] = .array(try await store.results(of: self.id).map {
                    ["key": .string($0.key), "name": .string($0.name), "value": .string($0.value)]
                })
                description = .object(object)
            }
            AgentCommand.write(description.canonicalJSON() + "\n")
        }
    }

    static func runner(model: String, options: StoreOptions) throws -> AgentRunner {
        let store = try SQLiteCheckpointStore(path: try options.path())
        let provider = try AgentModelSource.provider(for: model, environment: ProcessInfo.processInfo.environment)
        var runner = AgentRunner(store: store, model: provider, tools: options.tools())
        if let router = provider as? Router {
            // Streamed turns carry usage but no cost.
            runner.pricing = { model, usage in AgentModelSource.cost(of: usage, model: model, router: router) }
        }
        return runner
    }

    /// Works on the run in this process until it ends or suspends (a timer suspension is waited out here).
    static func work(_ id: String, runner: AgentRunner, output: Output) async throws {
        while true {
            let outcome = try await runner.run(id) { event in output.print(event) }
            switch outcome {
            case .completed:
                return
            case .failed, .cancelled:
                throw ExitCode(1)
            case .busy:
                throw ValidationError("another process is working on run \(id)")
            case .continuing:
                continue
            case .suspended(let suspension):
                guard let at = suspension.resumeAtMilliseconds else {
                    if !output.json {
                        AgentCommand.write("waiting for callback token \(suspension.token ?? "")\n", to: 2)
                    }
                    return
                }
                try await Task.sleep(for: .milliseconds(max(0, at - Deadline.nowMilliseconds())))
            }
        }
    }

    static func write(_ text: String, to descriptor: Int32 = 1) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { return }
            offset += written
        }
    }
}
