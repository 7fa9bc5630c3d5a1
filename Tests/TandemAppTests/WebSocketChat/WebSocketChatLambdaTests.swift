import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import TandemApp
import TandemCore
import TandemLLM
import TandemLambda
import TandemLambdaEmulator
import TandemSQLite
import TandemServer
import Testing

/// The WebSocket chat pipeline behind the local Lambda emulator and the real Runtime API client, fed API Gateway's
/// WebSocket events (the aws-lambda-go fixtures), posting to a local stand-in for the API Gateway Management API.
@Suite("WebSocket chat on Lambda", .timeLimit(.minutes(2)))
struct WebSocketChatLambdaTests {
    /// `<root>/../shared/reference/events/aws-lambda-go` (this file is four levels below the root).
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/reference/events/aws-lambda-go")

    /// One request the Management API stand-in received.
    struct Post: Sendable {
        var method: String
        var connectionID: String
        var authorization: String?
        var amzDate: String?
        var body: String
    }

    /// Records `POST /@connections/{id}`; answers 410 (`GoneException`) once a connection has had `goneAfter` posts.
    final class ManagementAPI: Sendable {
        let posts = Mutex<[Post]>([])
        let goneAfter: [String: Int]

        init(goneAfter: [String: Int]) {
            self.goneAfter = goneAfter
        }

        func table() -> HandlerTable {
            var table = HandlerTable()
            table.route("POST", "/@connections/{id}") { request in
                let id = (request.pathParameters["id"] ?? "").removingPercentEncoding ?? ""
                func header(_ name: String) -> String? { request.headers.first { $0.name.lowercased() == name }?.value }
                let count = self.posts.withLock { posts in
                    posts.append(
                        Post(
                            method: request.method,
                            connectionID: id,
                            authorization: header("authorization"),
                            amzDate: header("x-amz-date"),
                            body: String(buffer: request.body)
                        )
                    )
                    return posts.count { $0.connectionID == id }
                }
                if let limit = self.goneAfter[id], count > limit {
                    return AppResponse(
                        status: 410,
                        headers: [("x-amzn-errortype", "GoneException")],
                        body: .complete(ByteBuffer(string: #"{"message":null}"#))
                    )
                }
                return AppResponse(status: 200)
            }
            return table
        }

        func posts(to id: String) -> [Post] { self.posts.withLock { $0.filter { $0.connectionID == id } } }
    }

    /// Picks a provider by the last user message's text.
    struct ByPrompt: ChatProvider {
        let name = "by-prompt"
        let providers: [String: SteppedChatProvider]

        func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
            try await self.stream(request, options: options).collect(model: request.model)
        }

        func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
            guard let provider = self.providers[request.messages.last?.text ?? ""] else {
                throw LLMError(.notFound, "no script for this prompt")
            }
            return try await provider.stream(request, options: options)
        }
    }

    static func event(_ fixture: String, connectionID: String, body: String? = nil) throws -> [UInt8] {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(fixture))
        guard case .object(var event) = try JSONValue(parsing: data),
            case .object(var context)? = event["requestContext"]
        else { throw TandemError(.invalidInput, "fixture \(fixture) is not an object") }
        context["connectionId"] = .string(connectionID)
        event["requestContext"] = .object(context)
        if let body { event["body"] = .string(body) }
        return Array(try JSONEncoder().encode(JSONValue.object(event)))
    }

    static func chat(id: String, _ text: String) -> String {
        ChatSocketCodec.encode(
            ChatSocketClientMessage.chat(
                ChatSocketRequest(id: id, chat: ChatRequest(model: "chat-model", messages: [.user(text)]))
            )
        )
    }

    @Test("connect, chat (deltas posted as they arrive, signed for execute-api), 410 cancels the model, disconnect")
    func endToEnd() async throws {
        let management = ManagementAPI(goneAfter: ["gone-conn=": 1])
        try await withServe(management.table()) { client in
            let port = client.port
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ws-lambda-\(UUID().uuidString)"
            )
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try SQLiteChatConversationStore(
                database: try SQLiteDatabase(path: directory.appendingPathComponent("chat.sqlite").path)
            )
            let answering = SteppedChatProvider.text(["Hel", "lo"], automatic: true)
            let stalling = SteppedChatProvider.text(["first", "never"])
            let router = try Router(
                configuration: RouterConfiguration(models: [
                    ModelConfiguration(
                        name: "chat-model",
                        deployments: [DeploymentConfiguration(provider: "openai", model: "gpt-4o-mini")]
                    )
                ]),
                environment: [:],
                factory: OneProviderFactory(provider: ByPrompt(providers: ["Hi": answering, "Talk": stalling]))
            )
            let pipeline = WebSocketChatPipeline(
                chat: router,
                store: store,
                environment: [
                    "AWS_REGION": "ap-northeast-1",
                    "AWS_ENDPOINT_URL_EXECUTE_API": "http://127.0.0.1:\(port)",
                    "AWS_ACCESS_KEY_ID": "AKIDWEBSOCKETTEST",
                    "AWS_SECRET_ACCESS_KEY": "websocket-test-secret",
                ]
            )
            var table = HandlerTable()
            table.addWebSocketChatPipeline(pipeline)
            let finalTable = table

            var configuration = LambdaEmulatorConfiguration()
            configuration.port = 0
            configuration.timeout = .seconds(60)
            configuration.maxConcurrency = 2
            let emulator = try await LambdaEmulator.start(
                configuration: configuration,
                logger: Logger(label: "test.emulator")
            )
            let runtime = LambdaRuntime(
                logger: Logger(label: "test.runtime"),
                environment: [
                    "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(emulator.port)",
                    "AWS_LAMBDA_FUNCTION_NAME": "websocket-chat",
                    "AWS_LAMBDA_MAX_CONCURRENCY": "2",
                ]
            ) {
                LambdaHost(table: finalTable)
            }
            let runtimeTask = Task { try await runtime.run() }
            defer { runtimeTask.cancel() }
            let invoker = InvokeClient(host: "127.0.0.1", port: emulator.port)
            func invoke(_ payload: [UInt8]) async throws -> String {
                let result = try await invoker.invoke(payload: payload)
                #expect(result.status == 200)
                #expect(result.functionError == nil, "\(String(describing: result.functionError))")
                return String(decoding: result.body, as: UTF8.self)
            }

            // $connect, then a chat: start, one post per delta, done, in order, each signed for execute-api.
            let connection = "R1kmxc2VNjMCFIA="
            #expect(
                try await invoke(Self.event("apigw-websocket-request.json", connectionID: connection))
                    == #"{"statusCode":200}"#
            )
            let message = try Self.event(
                "apigw-websocket-request-send-message.json",
                connectionID: connection,
                body: Self.chat(id: "q1", "Hi")
            )
            #expect(try await invoke(message) == #"{"statusCode":200}"#)
            let posts = management.posts(to: connection)
            let events = try posts.map { try ChatSocketCodec.decodeEvent($0.body) }
            #expect(
                Array(events.prefix(3)) == [
                    .start(id: "q1", model: "chat-model"), .delta(id: "q1", text: "Hel"), .delta(id: "q1", text: "lo"),
                ]
            )
            guard events.count == 4, case .done("q1", .stop, let usage, let cost) = events[3] else {
                Issue.record("expected start, 2 deltas, done: \(posts.map(\.body))")
                return
            }
            #expect(usage == Usage(inputTokens: 11, outputTokens: 4))
            #expect(cost != nil)
            for post in posts {
                #expect(post.method == "POST")
                let authorization = try #require(post.authorization)
                let date = try #require(post.amzDate)
                #expect(
                    authorization.hasPrefix(
                        "AWS4-HMAC-SHA256 Credential=AKIDWEBSOCKETTEST/\(date.prefix(8))/ap-northeast-1/execute-api/aws4_request"
                    )
                )
                #expect(authorization.contains("SignedHeaders=") && authorization.contains("Signature="))
            }
            #expect(try await store.history(connectionID: connection, limit: 10) == [.user("Hi"), .assistant("Hello")])

            // A client that left: the first delta's post answers 410, which is not retried and cancels the model call.
            let goneMessage = try Self.event(
                "apigw-websocket-request-send-message.json",
                connectionID: "gone-conn=",
                body: Self.chat(id: "q2", "Talk")
            )
            stalling.release()
            #expect(try await invoke(goneMessage) == #"{"statusCode":200}"#)
            #expect(try await eventually { stalling.wasCancelled })
            let gonePosts = management.posts(to: "gone-conn=")
            #expect(gonePosts.count == 2, "\(gonePosts.map(\.body))")
            #expect(try ChatSocketCodec.decodeEvent(gonePosts[0].body) == .start(id: "q2", model: "chat-model"))
            #expect(stalling.yielded == 2)

            // A bad frame is answered with an error event, not silence.
            let bad = try Self.event("apigw-websocket-request-send-message.json", connectionID: connection)
            #expect(try await invoke(bad) == #"{"statusCode":200}"#)
            let last = try #require(management.posts(to: connection).last)
            guard case .error(_, let error) = try ChatSocketCodec.decodeEvent(last.body) else {
                Issue.record("expected an error event: \(last.body)")
                return
            }
            #expect(error.code == .invalidRequest)

            // $disconnect drops the conversation.
            #expect(
                try await invoke(Self.event("apigw-websocket-request-disconnect.json", connectionID: connection))
                    == #"{"statusCode":200}"#
            )
            #expect(try await store.history(connectionID: connection, limit: 10).isEmpty)
            await emulator.shutdown()
        }
    }

    @Test("TANDEM_WEBSOCKET_ENDPOINT (set by the generated Terraform) wins over the event's domain name")
    func configuredEndpoint() async throws {
        let management = ManagementAPI(goneAfter: [:])
        try await withServe(management.table()) { client in
            let port = client.port
            let pipeline = WebSocketChatPipeline(
                chat: SteppedChatProvider.text(["ok"], automatic: true),
                environment: [
                    "AWS_REGION": "eu-west-1",
                    "TANDEM_WEBSOCKET_ENDPOINT": "http://127.0.0.1:\(port)",
                    "AWS_ACCESS_KEY_ID": "AKIDWEBSOCKETTEST",
                    "AWS_SECRET_ACCESS_KEY": "websocket-test-secret",
                ]
            )
            let event = try Self.event(
                "apigw-websocket-request-send-message.json",
                connectionID: "configured",
                body: Self.chat(id: "z", "Hi")
            )
            let context = HandlerContext(
                requestID: "r",
                deadline: .after(.seconds(30)),
                logger: Logger(label: "test.websocket-chat"),
                host: .lambda
            )
            let answer = try await pipeline.handle(ByteBuffer(bytes: event), context: context)
            #expect(answer.map { String(buffer: $0) } == #"{"statusCode":200}"#)
            let posts = management.posts(to: "configured")
            #expect(posts.count == 3, "\(posts.map(\.body))")  // start, delta, done
            #expect(posts.first?.authorization?.contains("/eu-west-1/execute-api/aws4_request") == true)
        }
    }
}
