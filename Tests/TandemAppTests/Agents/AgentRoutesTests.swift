import Foundation
import Logging
import NIOCore
import TandemApp
import TandemCore
import TandemLLM
import Testing

@Suite("Agent routes", .timeLimit(.minutes(1)))
struct AgentRoutesTests {
    final class Holder: @unchecked Sendable {
        // @unchecked: set once before the first request, read afterwards.
        var service: AgentService?
    }

    static func table(turns: [ScriptedChatModel.Turn]) throws -> (HandlerTable, AgentService) {
        let runner = AgentRunner(
            store: try AgentTestSupport.store(),
            model: ScriptedChatModel(turns: turns),
            tools: ToolRegistry(BuiltinTools.all())
        )
        let holder = Holder()
        let scheduler = TaskContinuationScheduler { runID in _ = try? await holder.service?.resume(runID) }
        let service = AgentService(runner: runner, scheduler: scheduler)
        holder.service = service
        var table = HandlerTable()
        table.addAgentRoutes(service)
        return (table, service)
    }

    static func request(_ method: String, _ path: String, body: String = "", headers: [(String, String)] = []) -> AppRequest {
        AppRequest(
            method: method,
            path: path,
            headers: headers.map { (name: $0.0, value: $0.1) },
            body: ByteBuffer(string: body),
            context: HandlerContext(
                requestID: "r",
                deadline: .after(.seconds(10)),
                logger: Logger(label: "test.agents"),
                host: .server
            )
        )
    }

    static func json(_ response: AppResponse) async throws -> JSONValue {
        try JSONValue(parsing: Data(try await response.body.collect(limit: 1 << 20).readableBytesView))
    }

    @Test("start, follow to the end, read the run, resume the event stream after an id, cancel")
    func lifecycle() async throws {
        let turns = [
            ScriptedChatModel.Turn(calls: [("put_result", #"{"name":"a","value":1}"#)]),
            ScriptedChatModel.Turn(text: "ok {{last_result}}"),
        ]
        let (table, _) = try Self.table(turns: turns)
        let started = await table.respond(to: Self.request("POST", "/v1/agents/runs", body: #"{"goal":"g","model":"m","tools":["put_result"]}"#))
        #expect(started.status == 202)
        let id = try #require(try await Self.json(started)["id"]?.stringValue)
        var run: JSONValue = .null
        for _ in 0..<100 {
            run = try await Self.json(await table.respond(to: Self.request("GET", "/v1/agents/runs/\(id)")))
            if run["status"] == "completed" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(run["status"] == "completed")
        #expect(run["answer"] == #"ok {"name":"a","stored":true}"#)
        #expect(run["steps"]?.arrayValue?.count == 3)
        #expect(run["usage"]?["total_tokens"] == 30)

        let events = await table.respond(to: Self.request("GET", "/v1/agents/runs/\(id)/events", headers: [("Last-Event-ID", "3")]))
        #expect(events.headers.contains { $0.name == "content-type" && $0.value == "text/event-stream" })
        let text = String(buffer: try await events.body.collect(limit: 1 << 20))
        let ids = text.split(separator: "\n").filter { $0.hasPrefix("id: ") }.compactMap { Int($0.dropFirst(4)) }
        #expect(ids.first == 4)
        #expect(ids == Array(4...(ids.last ?? 4)))
        #expect(text.hasSuffix("\n\n"))
        #expect(text.contains("event: finished"))

        let cancelled = await table.respond(to: Self.request("POST", "/v1/agents/runs/\(id)/cancel"))
        #expect(try await Self.json(cancelled)["status"] == "completed")
        #expect(await table.respond(to: Self.request("GET", "/v1/agents/runs/nope")).status == 404)
        #expect(await table.respond(to: Self.request("POST", "/v1/agents/runs", body: #"{"model":"m"}"#)).status == 400)
        let unknown = await table.respond(to: Self.request("POST", "/v1/agents/runs", body: #"{"goal":"g","model":"m","tools":["rm_rf"]}"#))
        #expect(unknown.status == 400)
    }

    @Test("a callback through the route resumes a suspended run; a wrong token is refused")
    func callbackRoute() async throws {
        let turns = [ScriptedChatModel.Turn(calls: [("wait_for_callback", "{}")]), ScriptedChatModel.Turn(text: "got {{last_result}}")]
        let (table, service) = try Self.table(turns: turns)
        let started = await table.respond(to: Self.request("POST", "/v1/agents/runs", body: #"{"goal":"g","model":"m","tools":["wait_for_callback"],"stream":true}"#))
        #expect(started.status == 200)
        let stream = String(buffer: try await started.body.collect(limit: 1 << 20))
        #expect(stream.contains("event: suspended"))
        let id = try #require(started.headers.first { $0.name == "x-agent-run-id" }?.value)
        let run = try await Self.json(await table.respond(to: Self.request("GET", "/v1/agents/runs/\(id)")))
        #expect(run["status"] == "suspended")
        let token = try #require(run["waiting_for"]?["callback_token"]?.stringValue)
        #expect(await table.respond(to: Self.request("POST", "/v1/agents/runs/\(id)/callbacks/cb_nope", body: "{}")).status == 409)
        let accepted = await table.respond(to: Self.request("POST", "/v1/agents/runs/\(id)/callbacks/\(token)", body: #"{"approved":true}"#))
        #expect(accepted.status == 202)
        var status: String?
        for _ in 0..<100 {
            status = try await service.runner.store.run(id)?.status.rawValue
            if status == "completed" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await service.runner.store.run(id)?.answer == #"got {"approved":true}"#)
    }
}
