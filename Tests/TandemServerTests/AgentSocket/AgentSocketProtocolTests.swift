import TandemCore
import Testing

@testable import TandemServer

/// The agent socket's pure pieces: client messages, the last event id, the socket path.
@Suite("Agent socket protocol")
struct AgentSocketProtocolTests {
    @Test func clientMessagesDecode() throws {
        #expect(try AgentSocketClientMessage.decode(Array(#"{"type":"cancel"}"#.utf8)) == .cancel)
        #expect(
            try AgentSocketClientMessage.decode(Array(#"{"type":"callback","token":"cb_1","payload":{"ok":1}}"#.utf8))
                == .callback(token: "cb_1", payload: ["ok": 1])
        )
        #expect(
            try AgentSocketClientMessage.decode(Array(#"{"type":"callback","token":"cb_1"}"#.utf8))
                == .callback(token: "cb_1", payload: .object([:]))
        )
    }

    @Test(arguments: [
        "", "{", "null", "[]", "\"cancel\"", #"{"kind":"cancel"}"#, #"{"type":7}"#, #"{"type":"stop"}"#,
        #"{"type":"callback"}"#, #"{"type":"callback","token":""}"#, #"{"type":"callback","token":5}"#,
    ])
    func malformedClientMessagesAreInvalid(_ text: String) {
        #expect(throws: AgentSocketError.self) { try AgentSocketClientMessage.decode(Array(text.utf8)) }
        do {
            _ = try AgentSocketClientMessage.decode(Array(text.utf8))
        } catch {
            #expect(error.code == "invalid_message")
            let frame = try? JSONValue(parsing: error.frame)
            #expect(frame?["type"] == "error")
            #expect(frame?["error"]?["code"] == "invalid_message")
        }
    }

    @Test func lastEventID() throws {
        #expect(try AgentSocketConnection.lastEventID(query: "", header: nil) == 0)
        #expect(try AgentSocketConnection.lastEventID(query: "last_event_id=12", header: nil) == 12)
        #expect(try AgentSocketConnection.lastEventID(query: "a=b&last_event_id=3", header: "9") == 3)
        #expect(try AgentSocketConnection.lastEventID(query: "", header: "9") == 9)
        for bad in ["last_event_id=", "last_event_id=-1", "last_event_id=x", "last_event_id=1.5"] {
            #expect(throws: AgentSocketError.self) {
                try AgentSocketConnection.lastEventID(query: Substring(bad), header: nil)
            }
        }
    }

    @Test func socketPaths() {
        #expect(AgentSocketRoute.runID(inPath: "/v1/agents/runs/run_1/socket") == "run_1")
        #expect(AgentSocketRoute.runID(inPath: "/v1/agents/runs//socket") == nil)
        #expect(AgentSocketRoute.runID(inPath: "/v1/agents/runs/a/b/socket") == nil)
        #expect(AgentSocketRoute.runID(inPath: "/v1/agents/runs/run_1/events") == nil)
        #expect(AgentSocketRoute.runID(inPath: "/v1/realtime-chat") == nil)
    }
}
