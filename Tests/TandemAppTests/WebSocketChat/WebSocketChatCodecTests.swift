import TandemApp
import TandemCore
import TandemLLM
import Testing

@Suite("WebSocket chat wire protocol")
struct WebSocketChatCodecTests {
    @Test("a chat message decodes to the OpenAI request without action and id")
    func decodeChat() throws {
        let frame = #"""
            {"action":"chat","id":"c-1","model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},
            {"role":"user","content":[{"type":"text","text":"Hi"}]}],"max_tokens":64,"temperature":0.5,"seed":3}
            """#
        guard case .chat(let request) = try ChatSocketCodec.decodeClientMessage(frame) else {
            Issue.record("not a chat")
            return
        }
        #expect(request.id == "c-1")
        #expect(request.chat.model == "gpt-4o-mini")
        #expect(request.chat.messages == [.system("Be brief."), .user("Hi")])
        #expect(request.chat.maxTokens == 64)
        #expect(request.chat.temperature == 0.5)
        #expect(request.chat.extra == ["seed": 3])
    }

    @Test("a cancel message decodes; key order does not matter")
    func decodeCancel() throws {
        #expect(try ChatSocketCodec.decodeClientMessage(#"{"id":"c-9","action":"cancel"}"#) == .cancel(id: "c-9"))
    }

    @Test("client messages round trip through encode and decode")
    func clientRoundTrip() throws {
        var chat = ChatRequest(model: "anthropic/claude-3-5-haiku", messages: [.system("S"), .user("Q \"quoted\"\n")])
        chat.maxTokens = 100
        chat.stop = ["END"]
        chat.extra = ["seed": 42]
        let messages: [ChatSocketClientMessage] = [
            .chat(ChatSocketRequest(id: "abc", chat: chat)), .cancel(id: "a\"b"),
        ]
        for message in messages {
            let frame = ChatSocketCodec.encode(message)
            #expect(try ChatSocketCodec.decodeClientMessage(frame) == message, "\(frame)")
        }
    }

    @Test(
        "server events round trip and have the documented shape",
        arguments: [
            (ChatSocketEvent.start(id: "1", model: "m"), #"{"type":"start","id":"1","model":"m"}"#),
            (.delta(id: "1", text: "h\u{e9}\n\"x\""), #"{"type":"delta","id":"1","text":"h\#u{e9}\n\"x\""}"#),
            (
                .done(id: "1", finishReason: .length, usage: Usage(inputTokens: 5, outputTokens: 2), cost: 0.25),
                #"{"type":"done","id":"1","finish_reason":"length","usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7},"cost":0.25}"#
            ),
            (
                .done(id: "1", finishReason: .stop, usage: Usage(), cost: nil),
                #"{"type":"done","id":"1","finish_reason":"stop","usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}}"#
            ),
            (
                .error(id: "1", ChatSocketError(.notFound, "no model named x")),
                #"{"type":"error","id":"1","error":{"code":"not_found","message":"no model named x"}}"#
            ),
            (
                .error(id: nil, ChatSocketError(.invalidRequest, "invalid JSON")),
                #"{"type":"error","id":null,"error":{"code":"invalid_request","message":"invalid JSON"}}"#
            ),
        ]
    )
    func eventRoundTrip(event: ChatSocketEvent, expected: String) throws {
        let frame = ChatSocketCodec.encode(event)
        #expect(frame == expected)
        #expect(try ChatSocketCodec.decodeEvent(frame) == event)
    }

    @Test(
        "bad frames fail with a code, a message naming the problem, and the id when it could be read",
        arguments: [
            ("not json", nil, "invalid_request", "invalid JSON"),
            ("[1,2]", nil, "invalid_request", "invalid JSON"),
            (#"{"action":"chat","id":"x","model":"m","messages":[]"#, "x", "invalid_request", "invalid JSON"),
            (#"{"action":"chat","model":"m","messages":[]}"#, nil, "invalid_request", "id"),
            (#"{"action":"chat","id":"","model":"m"}"#, nil, "invalid_request", "id"),
            (#"{"action":"chat","id":7}"#, nil, "invalid_request", "id"),
            (#"{"id":"x"}"#, "x", "invalid_request", "action"),
            (#"{"action":"sing","id":"x"}"#, "x", "unknown_action", "sing"),
            (
                #"{"action":"chat","id":"x","messages":[{"role":"user","content":"hi"}]}"#, "x", "invalid_request",
                "model"
            ),
            (#"{"action":"chat","id":"x","model":"m"}"#, "x", "invalid_request", "messages"),
            (#"{"action":"chat","id":"x","model":"m","messages":[]}"#, "x", "invalid_request", "messages"),
            (
                #"{"action":"chat","id":"x","model":"","messages":[{"role":"user","content":"a"}]}"#, "x",
                "invalid_request", "model"
            ),
            (
                #"{"action":"chat","id":"x","model":"m","messages":[{"role":"robot","content":"a"}]}"#, "x",
                "invalid_request", "messages[0].role"
            ),
            (
                #"{"action":"chat","id":"x","model":"m","messages":[{"role":"user","content":"a"}],"max_tokens":0}"#,
                "x", "invalid_request", "max_tokens"
            ),
            (
                #"{"action":"chat","id":"x","model":"m","messages":[{"role":"user","content":"a"}],"max_tokens":"lots"}"#,
                "x", "invalid_request", "max_tokens"
            ),
        ] as [(String, String?, String, String)]
    )
    func badFrames(frame: String, id: String?, code: String, mentions: String) {
        do {
            let message = try ChatSocketCodec.decodeClientMessage(frame)
            Issue.record("decoded \(message) from \(frame)")
        } catch {
            #expect(error.id == id)
            #expect(error.error.code.rawValue == code)
            #expect(error.error.message.contains(mentions), "\(error.error.message)")
            // The error event is itself a valid frame the client can read.
            #expect((try? ChatSocketCodec.decodeEvent(ChatSocketCodec.encode(error.event))) == error.event)
        }
    }

    @Test("frames that are not server events are refused")
    func badEvents() {
        for frame in [#"{"type":"delta","id":"1"}"#, #"{"type":"other","id":"1"}"#, "{", #"{"type":"done","id":"1"}"#] {
            #expect(throws: ChatSocketError.self, "\(frame)") { try ChatSocketCodec.decodeEvent(frame) }
        }
    }
}
