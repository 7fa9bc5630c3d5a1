import AsyncHTTPClient
import HTTPTypes
import HummingbirdWSClient
import NIOCore
import NIOHTTP1
import NIOWebSocket
import ServiceLifecycle
import Synchronization
import TandemApp
import TandemCore
import TandemLLM
import TandemServer
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Agent run events over WebSocket (`GET /v1/agents/runs/{id}/socket`) against a running `tandem serve`
/// application, an agent service over a scripted model, and a real WebSocket client.
@Suite("Agent run events over WebSocket", .timeLimit(.minutes(2)))
struct AgentSocketServerTests {
    @Test("the socket sends the run's events exactly as SSE does, resumes a callback, and closes with 1000")
    func fullSequenceEqualsSSE() async throws {
        let server = try AgentSocketServer(turns: AgentSocketServer.callbackTurns)
        try await server.run { port, _ in
            let id = try await AgentSocketServer.start(port: port, tools: ["wait_for_callback"])
            let session = try await AgentSocketClient.session(port: port, runID: id) { client in
                let token = try AgentSocketServer.token(try await client.next(type: "suspended"))
                try await client.send(#"{"type":"callback","token":"\#(token)","payload":{"approved":true}}"#)
                try await client.drain()
            }
            let sse = try await AgentSocketServer.sseData(port: port, runID: id)
            #expect(sse.count >= 8)
            #expect(session.events == sse)
            let sequences = session.json.compactMap { $0["seq"]?.integerValue }
            #expect(sequences == Array(1...Int64(sse.count)))
            #expect(session.json.last?["type"] == "finished")
            #expect(session.json.last?["data"]?["answer"] == #"approved: {"approved":true}"#)
            let accepted = session.json.filter { $0["type"] == "callback_accepted" }
            #expect(accepted.count == 1)
            #expect(accepted.first?["seq"] == nil)
            #expect(session.close?.closeCode == .normalClosure)
            #expect(session.close?.reason == "finished")
            try await server.waitFor(id, status: .completed)
        }
    }

    @Test("reconnecting with a last event id mid-run gets exactly the rest; leaving never stops the run")
    func reconnectResumesWithoutGapOrDuplicate() async throws {
        let server = try AgentSocketServer(turns: AgentSocketServer.callbackTurns)
        try await server.run { port, _ in
            let id = try await AgentSocketServer.start(port: port, tools: ["wait_for_callback"])
            // First client: three events, then it leaves.
            let first = try await AgentSocketClient.session(port: port, runID: id) { client in
                for _ in 0..<3 { _ = try await client.next() }
                try await client.outbound.close(.goingAway, reason: nil)
            }
            #expect(first.events.count == 3)
            // Second client: the rest up to the suspension, the callback, then it leaves while the model thinks.
            let second = try await AgentSocketClient.session(port: port, runID: id, query: "?last_event_id=3") {
                client in
                let token = try AgentSocketServer.token(try await client.next(type: "suspended"))
                try await client.send(#"{"type":"callback","token":"\#(token)","payload":{"approved":true}}"#)
                _ = try await client.next(type: "callback_accepted")
                try await client.outbound.close(.goingAway, reason: nil)
            }
            #expect(second.json.first?["seq"] == 4)
            // The run goes on without any client.
            try await server.waitFor(id, status: .completed)
            // Third client, by header: everything after the last event the second one saw, then 1000. The run has
            // ended, so the server answers the upgrade, the events and the close at once, often in one TCP segment;
            // HummingbirdWSClient can then lose the frames that came with its 101 (its handler waits forever), so this
            // client reads the raw socket.
            let seen = first.events.count + second.events.count
            let third = try await RawSocketProbe.run(
                port: port,
                path: "/v1/agents/runs/\(id)/socket",
                headers: [("last-event-id", "\(seen)")]
            )
            let thirdEvents = AgentSocketSession(messages: third.messages, close: nil).events
            let sse = try await AgentSocketServer.sseData(port: port, runID: id)
            #expect(!thirdEvents.isEmpty)
            #expect(first.events + second.events + thirdEvents == sse)
            #expect(third.closeCode == 1000)
            // After the terminal event there is nothing more: 1000 at once, no message.
            let after = try await RawSocketProbe.run(
                port: port,
                path: "/v1/agents/runs/\(id)/socket?last_event_id=\(sse.count)"
            )
            #expect(after.messages.isEmpty)
            #expect(after.closeCode == 1000)
        }
    }

    @Test("a cancel message cancels the run: its cancelled event, then 1000")
    func cancelOverTheSocket() async throws {
        let server = try AgentSocketServer(turns: AgentSocketServer.callbackTurns)
        try await server.run { port, _ in
            let id = try await AgentSocketServer.start(port: port, tools: ["wait_for_callback"])
            let session = try await AgentSocketClient.session(port: port, runID: id) { client in
                _ = try await client.next(type: "suspended")
                try await client.send(#"{"type":"cancel"}"#)
                try await client.drain()
            }
            #expect(session.json.last?["type"] == "cancelled")
            #expect(session.close?.closeCode == .normalClosure)
            #expect(session.close?.reason == "cancelled")
            #expect(try await server.service.runner.store.run(id)?.status == .cancelled)
            #expect(session.events == (try await AgentSocketServer.sseData(port: port, runID: id)))
        }
    }

    @Test("an unknown run gets a not_found error, then close 4404")
    func unknownRun() async throws {
        let server = try AgentSocketServer(turns: [])
        try await server.run { port, _ in
            let refused = try await RawSocketProbe.run(port: port, path: "/v1/agents/runs/run_nope/socket")
            #expect(refused.status == 101)
            #expect(refused.messages.count == 1)
            let error = try JSONValue(parsing: try #require(refused.messages.first))
            #expect(error["type"] == "error")
            #expect(error["error"]?["code"] == "not_found")
            #expect(refused.closeCode == 4404)
            #expect(refused.closeReason == "not_found")
        }
    }

    @Test("malformed client messages get error messages and the socket stays open")
    func badClientMessages() async throws {
        let server = try AgentSocketServer(turns: AgentSocketServer.callbackTurns)
        try await server.run { port, _ in
            let id = try await AgentSocketServer.start(port: port, tools: ["wait_for_callback"])
            let codes = Mutex<[String]>([])
            let session = try await AgentSocketClient.session(port: port, runID: id) { client in
                let token = try AgentSocketServer.token(try await client.next(type: "suspended"))
                for bad in [
                    "{not json", "[1,2]", #"{"type":"dance"}"#, #"{"type":"callback"}"#,
                    #"{"type":"callback","token":"cb_wrong"}"#,
                ] {
                    try await client.send(bad)
                    let error = try #require(try await client.next(type: "error"))
                    codes.withLock { $0.append(error["error"]?["code"]?.stringValue ?? "") }
                    #expect(error["error"]?["message"]?.stringValue?.isEmpty == false)
                }
                try await client.send(#"{"type":"callback","token":"\#(token)"}"#)
                _ = try #require(try await client.next(type: "callback_accepted"))
                try await client.drain()
            }
            #expect(
                codes.withLock { $0 } == [
                    "invalid_message", "invalid_message", "invalid_message", "invalid_message", "not_waiting",
                ]
            )
            #expect(session.json.last?["type"] == "finished")
            #expect(session.close?.closeCode == .normalClosure)
        }
    }

    @Test("keys as for the HTTP agent routes: refused without one (1008), accepted by header or subprotocol")
    func keys() async throws {
        let keys = TandemConfiguration.Keys(staticKeys: [.init(name: "ci", value: "sk-agent-test")])
        let server = try AgentSocketServer(turns: AgentSocketServer.callbackTurns, keys: keys)
        try await server.run { port, _ in
            var unauthenticated = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/agents/runs/run_x")
            unauthenticated.method = .GET
            #expect(try await HTTPClient.shared.execute(unauthenticated, timeout: .seconds(10)).status.code == 401)
            let id = try await AgentSocketServer.start(
                port: port,
                tools: ["wait_for_callback"],
                headers: [("authorization", "Bearer sk-agent-test")]
            )
            let path = "/v1/agents/runs/\(id)/socket"
            let refused = try await RawSocketProbe.run(port: port, path: path)
            #expect(refused.messages.count == 1)
            #expect(try JSONValue(parsing: refused.messages.first ?? "")["error"]?["code"] == "missing_api_key")
            #expect(refused.closeCode == 1008)
            let wrong = try await RawSocketProbe.run(
                port: port,
                path: path,
                headers: [("Authorization", "Bearer sk-wrong")]
            )
            #expect(try JSONValue(parsing: wrong.messages.first ?? "")["error"]?["code"] == "invalid_api_key")
            #expect(wrong.closeCode == 1008)
            let browser = try await AgentSocketClient.session(
                port: port,
                runID: id,
                headers: [.secWebSocketProtocol: "tandem-agent, tandem-key.sk-agent-test"]
            ) { client in
                _ = try #require(try await client.next(type: "suspended"))
                try await client.send(#"{"type":"cancel"}"#)
                try await client.drain()
            }
            #expect(browser.json.first?["seq"] == 1)
            #expect(browser.json.last?["type"] == "cancelled")
        }
    }

    @Test("a last event id that is not a whole number is refused with 4400")
    func badLastEventID() async throws {
        let server = try AgentSocketServer(turns: AgentSocketServer.callbackTurns)
        try await server.run { port, _ in
            let id = try await AgentSocketServer.start(port: port, tools: ["wait_for_callback"])
            let refused = try await RawSocketProbe.run(
                port: port,
                path: "/v1/agents/runs/\(id)/socket?last_event_id=-2"
            )
            #expect(try JSONValue(parsing: refused.messages.first ?? "")["error"]?["code"] == "invalid_request")
            #expect(refused.closeCode == 4400)
        }
    }

    @Test("a server drain closes agent sockets with 1001 and leaves the run as it was")
    func drainClosesWithGoingAway() async throws {
        let server = try AgentSocketServer(turns: AgentSocketServer.callbackTurns)
        let id = Mutex<String?>(nil)
        try await server.run { port, group in
            let runID = try await AgentSocketServer.start(port: port, tools: ["wait_for_callback"])
            id.withLock { $0 = runID }
            let session = try await AgentSocketClient.session(port: port, runID: runID) { client in
                _ = try await client.next(type: "suspended")
                await group.triggerGracefulShutdown()
                try await client.drain()
            }
            #expect(session.close?.closeCode == .goingAway)
            #expect(session.close?.reason == "server shutting down")
        }
        let runID = try #require(id.withLock { $0 })
        #expect(try await server.service.runner.store.run(runID)?.status == .suspended)
    }
}
