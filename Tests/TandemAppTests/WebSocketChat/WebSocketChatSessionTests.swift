import Logging
import TandemApp
import TandemCore
import TandemLLM
import TandemSQLite
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("WebSocket chat session", .timeLimit(.minutes(1)))
struct WebSocketChatSessionTests {
    static let logger = Logger(label: "test.websocket-chat")

    static func chatFrame(id: String = "c1", model: String = "chat-model", _ text: String = "Hello?") -> [UInt8] {
        let request = ChatSocketRequest(id: id, chat: ChatRequest(model: model, messages: [.user(text)]))
        return Array(ChatSocketCodec.encode(ChatSocketClientMessage.chat(request)).utf8)
    }

    static func session(
        _ provider: any ChatProvider,
        sink: RecordingSink,
        store: (any ChatConversationStore)? = nil
    )
        -> ChatSocketSession
    {
        ChatSocketSession(connectionID: "conn-1", chat: provider, store: store, sink: sink, logger: Self.logger)
    }

    /// A router with one model, `chat-model`, served by `provider` as OpenAI's gpt-4o-mini (so it has a price).
    static func router(_ provider: any ChatProvider) throws -> Router {
        try Router(
            configuration: RouterConfiguration(models: [
                ModelConfiguration(
                    name: "chat-model",
                    deployments: [DeploymentConfiguration(provider: "openai", model: "gpt-4o-mini")]
                )
            ]),
            environment: [:],
            factory: OneProviderFactory(provider: provider)
        )
    }

    @Test("each upstream delta is sent as it arrives, before the next one exists; done carries usage and cost")
    func deltasOneByOne() async throws {
        let provider = SteppedChatProvider.text(["Hel", "lo", " there"])
        let sink = RecordingSink()
        let session = Self.session(try Self.router(provider), sink: sink)
        let run = Task { await session.receive(Self.chatFrame(), deadline: .after(.seconds(30))) }
        var frames = sink.frames.makeAsyncIterator()
        #expect(
            try ChatSocketCodec.decodeEvent(try #require(await frames.next())) == .start(id: "c1", model: "chat-model")
        )
        for (index, piece) in ["Hel", "lo", " there"].enumerated() {
            provider.release()
            let frame = try #require(await frames.next())
            #expect(try ChatSocketCodec.decodeEvent(frame) == .delta(id: "c1", text: piece))
            // The frame went out while the provider had produced only the message start and the deltas so far (the
            // next one is not released yet): nothing was held back to be coalesced.
            #expect(provider.yielded == index + 2)
        }
        provider.release(2)
        let done = try ChatSocketCodec.decodeEvent(try #require(await frames.next()))
        guard case .done(let id, let reason, let usage, let cost) = done else {
            Issue.record("expected done, got \(done)")
            return
        }
        #expect(id == "c1" && reason == .stop)
        #expect(usage == Usage(inputTokens: 11, outputTokens: 4))
        let expectedCost = try #require(PriceTable.default.cost(of: usage, model: "gpt-4o-mini"))
        #expect(cost == expectedCost.total)
        #expect(await run.value == .completed)
        #expect(sink.sent.count == 5)
    }

    @Test("a client that is gone cancels the model call at once and nothing more is sent")
    func goneCancelsUpstream() async throws {
        let provider = SteppedChatProvider.text(["a", "b", "c", "d"])
        let sink = RecordingSink(goneAt: 2)  // start goes out, the first delta finds the client gone
        let session = Self.session(provider, sink: sink)
        let run = Task { await session.receive(Self.chatFrame(), deadline: .after(.seconds(30))) }
        provider.release()
        #expect(await run.value == .gone)
        #expect(try await eventually { provider.wasCancelled })
        // Nothing was produced past the delta that found the client gone, and nothing but start was delivered.
        provider.release(5)
        try await Task.sleep(for: .milliseconds(50))
        #expect(provider.yielded == 2)
        #expect(sink.events == [.start(id: "c1", model: "chat-model")])
        #expect(session.runningIDs.isEmpty)
    }

    @Test("a failure after the first token ends the chat with a terminal error event")
    func errorAfterFirstToken() async throws {
        let failure = LLMError(.serverError, "upstream broke mid-stream", provider: "stepped", status: 500)
        let provider = SteppedChatProvider([.textDelta("Par"), .textDelta("tial"), .error(failure)], automatic: true)
        let sink = RecordingSink()
        let outcome = await Self.session(provider, sink: sink).receive(Self.chatFrame(), deadline: .after(.seconds(30)))
        #expect(outcome == .failed(ChatSocketError.Code("server_error")))
        #expect(
            sink.events == [
                .start(id: "c1", model: "chat-model"), .delta(id: "c1", text: "Par"), .delta(id: "c1", text: "tial"),
                .error(id: "c1", ChatSocketError(.init("server_error"), "upstream broke mid-stream")),
            ]
        )
    }

    @Test("a stream that ends without finishing is an error, not a clean done")
    func truncatedStream() async throws {
        let provider = SteppedChatProvider([.textDelta("cut")], automatic: true)
        let sink = RecordingSink()
        let outcome = await Self.session(provider, sink: sink).receive(Self.chatFrame(), deadline: .after(.seconds(30)))
        #expect(outcome == .failed(ChatSocketError.Code("bad_response")))
        #expect(sink.events.last?.isTerminal == true)
    }

    @Test("an unknown model through the router is a not_found error event, with no start")
    func unknownModel() async throws {
        let provider = SteppedChatProvider.text(["x"], automatic: true)
        let sink = RecordingSink()
        let session = Self.session(try Self.router(provider), sink: sink)
        let outcome = await session.receive(Self.chatFrame(model: "no-such-model"), deadline: .after(.seconds(30)))
        #expect(outcome == .failed(.notFound))
        let events = sink.events
        #expect(events.count == 1)
        guard case .error(let id, let error)? = events.first else {
            Issue.record("expected an error event: \(sink.sent)")
            return
        }
        #expect(id == "c1" && error.code == .notFound)
        #expect(provider.requests.isEmpty)
    }

    @Test("invalid JSON and unknown actions get an error event; the session keeps serving")
    func badFrames() async throws {
        let provider = SteppedChatProvider.text(["ok"], automatic: true)
        let sink = RecordingSink()
        let session = Self.session(provider, sink: sink)
        #expect(await session.receive(Array("{oops".utf8), deadline: .after(.seconds(30))) == .failed(.invalidRequest))
        #expect(
            await session.receive(Array(#"{"action":"dance","id":"d"}"#.utf8), deadline: .after(.seconds(30)))
                == .failed(.unknownAction)
        )
        #expect(await session.receive(Self.chatFrame(id: "c2"), deadline: .after(.seconds(30))) == .completed)
        let events = sink.events
        #expect(events.count == 2 + 3)  // two errors; start, delta, done
        guard case .error(nil, let first) = events[0], case .error("d", let second) = events[1] else {
            Issue.record("unexpected \(sink.sent)")
            return
        }
        #expect(first.code == .invalidRequest && second.code == .unknownAction)
        #expect(
            events.last
                == .done(id: "c2", finishReason: .stop, usage: Usage(inputTokens: 11, outputTokens: 4), cost: nil)
        )
    }

    @Test("cancel by id stops that chat's model call and ends it with a cancelled error; a duplicate id is refused")
    func cancelByID() async throws {
        let provider = SteppedChatProvider.text(["one", "two"])
        let sink = RecordingSink()
        let session = Self.session(provider, sink: sink)
        let run = Task { await session.receive(Self.chatFrame(id: "long"), deadline: .after(.seconds(30))) }
        var frames = sink.frames.makeAsyncIterator()
        _ = await frames.next()  // start
        provider.release()
        _ = await frames.next()  // delta "one"
        #expect(session.runningIDs == ["long"])
        #expect(
            await session.receive(Self.chatFrame(id: "long"), deadline: .after(.seconds(30))) == .failed(.duplicateID)
        )
        #expect(
            await session.receive(Array(#"{"action":"cancel","id":"long"}"#.utf8), deadline: .after(.seconds(30)))
                == .cancelRequested
        )
        #expect(await run.value == .failed(.cancelled))
        #expect(try await eventually { provider.wasCancelled })
        let events = sink.events
        #expect(events.last == .error(id: "long", ChatSocketError(.cancelled, "the chat was cancelled")))
        #expect(!events.contains(.delta(id: "long", text: "two")))
        #expect(session.runningIDs.isEmpty)
    }

    @Test("close cancels running chats without sending anything more")
    func closeCancels() async throws {
        let provider = SteppedChatProvider.text(["one", "two"])
        let sink = RecordingSink()
        let session = Self.session(provider, sink: sink)
        let run = Task { await session.receive(Self.chatFrame(), deadline: .after(.seconds(30))) }
        var frames = sink.frames.makeAsyncIterator()
        _ = await frames.next()
        session.close()
        #expect(await run.value == .gone)
        #expect(try await eventually { provider.wasCancelled })
        #expect(sink.events == [.start(id: "c1", model: "chat-model")])
        #expect(await session.receive(Self.chatFrame(id: "later"), deadline: .after(.seconds(30))) == .gone)
    }

    @Test("with a SQLite store, earlier turns go in front of the new messages; failed chats add nothing")
    func conversationHistory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ws-chat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteChatConversationStore(
            database: try SQLiteDatabase(path: directory.appendingPathComponent("chat.sqlite").path)
        )
        try await store.open(connectionID: "conn-1")
        let first = SteppedChatProvider.text(["Hi ", "Ann"], automatic: true)
        #expect(
            await Self.session(first, sink: RecordingSink(), store: store)
                .receive(Self.chatFrame(id: "1", "I am Ann"), deadline: .after(.seconds(30))) == .completed
        )
        let failing = SteppedChatProvider([.textDelta("x"), .error(LLMError(.timeout, "idle"))], automatic: true)
        #expect(
            await Self.session(failing, sink: RecordingSink(), store: store)
                .receive(Self.chatFrame(id: "2", "lost turn"), deadline: .after(.seconds(30)))
                == .failed(.init("timeout"))
        )
        let second = SteppedChatProvider.text(["Ann"], automatic: true)
        #expect(
            await Self.session(second, sink: RecordingSink(), store: store)
                .receive(Self.chatFrame(id: "3", "Who am I?"), deadline: .after(.seconds(30))) == .completed
        )
        #expect(second.requests.first?.messages == [.user("I am Ann"), .assistant("Hi Ann"), .user("Who am I?")])
        #expect(
            try await store.history(connectionID: "conn-1", limit: 10)
                == [.user("I am Ann"), .assistant("Hi Ann"), .user("Who am I?"), .assistant("Ann")]
        )
        #expect(try await store.history(connectionID: "conn-1", limit: 2) == [.user("Who am I?"), .assistant("Ann")])
        #expect(try await store.history(connectionID: "other", limit: 10).isEmpty)
        try await store.close(connectionID: "conn-1")
        #expect(try await store.history(connectionID: "conn-1", limit: 10).isEmpty)
    }
}
