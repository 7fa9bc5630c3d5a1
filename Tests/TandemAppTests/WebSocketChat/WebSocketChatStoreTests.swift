import Foundation
import Logging
import TandemAWS
import TandemApp
import TandemCore
import TandemLLM
import TandemSQLite
import Testing

/// The conversation stores: the same behaviour from SQLite (local) and DynamoDB (moto, signature checking on).
@Suite("WebSocket chat conversation stores", .timeLimit(.minutes(2)))
struct WebSocketChatStoreTests {
    enum Kind: String, CaseIterable, Sendable {
        case sqlite
        case dynamoDB
        /// A table with the `pk`/`sk` keys `tandem infra` makes, shared with other stores (sort key `chat`).
        case dynamoDBSortKey
    }

    static func store(_ kind: Kind) async throws -> (any ChatConversationStore)? {
        switch kind {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ws-store-\(UUID().uuidString).sqlite"
            )
            return try SQLiteChatConversationStore(database: try SQLiteDatabase(path: path.path))
        case .dynamoDB:
            guard let moto = try await MotoPeer.get() else { return nil }
            let dynamo = DynamoDBClient(client: moto.client(.dynamoDB))
            let table = MotoPeer.uniqueName("chats")
            try await dynamo.createTable(table, partitionKey: "connection_id")
            return DynamoDBChatConversationStore(client: dynamo, table: table)
        case .dynamoDBSortKey:
            guard let moto = try await MotoPeer.get() else { return nil }
            let dynamo = DynamoDBClient(client: moto.client(.dynamoDB))
            let table = MotoPeer.uniqueName("checkpoints")
            try await dynamo.createTable(table, partitionKey: "pk", sortKey: "sk")
            return DynamoDBChatConversationStore(
                client: dynamo,
                table: table,
                keyAttribute: "pk",
                sortKey: DynamoDBSortKey(name: "sk", value: "chat")
            )
        }
    }

    static let toolCall = ToolCall(id: "call_1", name: "lookup", arguments: #"{"q":"weather"}"#)

    @Test("open, append, trimmed history, close; tool calls and results survive", arguments: Kind.allCases)
    func lifecycle(kind: Kind) async throws {
        guard let store = try await Self.store(kind) else { return }
        let connection = "conn-\(UUID().uuidString.prefix(8))="
        try await store.open(connectionID: connection)
        #expect(try await store.history(connectionID: connection, limit: 50).isEmpty)
        let first: [ChatMessage] = [
            .system("Be brief."), .user("Weather?"), .assistant(nil, toolCalls: [Self.toolCall]),
        ]
        let second: [ChatMessage] = [.toolResult(id: "call_1", "sunny"), .assistant("Sunny.")]
        let third: [ChatMessage] = [.user("Thanks \u{1F600} \"quoted\""), .assistant("You're welcome.")]
        try await store.append(first, connectionID: connection)
        try await store.append(second, connectionID: connection)
        try await store.append(third, connectionID: connection)
        #expect(try await store.history(connectionID: connection, limit: 50) == first + second + third)
        // The last 3, with the opening system message kept in front.
        #expect(
            try await store.history(connectionID: connection, limit: 4) == [.system("Be brief.")]
                + Array((second + third).suffix(3))
        )
        // Reopening the same id starts a new conversation.
        try await store.open(connectionID: connection)
        #expect(try await store.history(connectionID: connection, limit: 50).isEmpty)
        try await store.append(third, connectionID: connection)
        try await store.close(connectionID: connection)
        #expect(try await store.history(connectionID: connection, limit: 50).isEmpty)
        // Appending without a $connect (a lost connect event) still works.
        try await store.append(third, connectionID: "no-connect")
        #expect(try await store.history(connectionID: "no-connect", limit: 50) == third)
    }

    @Test("concurrent exchanges on one connection all land", arguments: Kind.allCases)
    func concurrentAppends(kind: Kind) async throws {
        guard let store = try await Self.store(kind) else { return }
        let connection = "busy"
        try await store.open(connectionID: connection)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try await store.append([.user("q\(index)"), .assistant("a\(index)")], connectionID: connection)
                }
            }
            try await group.waitForAll()
        }
        let history = try await store.history(connectionID: connection, limit: 100)
        #expect(history.count == 16)
        #expect(Set(history.map(\.text)) == Set((0..<8).flatMap { ["q\($0)", "a\($0)"] }))
    }

    @Test("a session keeps its conversation in DynamoDB", .enabled(if: MotoPeer.isAvailable))
    func sessionWithDynamoDB() async throws {
        let store = try #require(try await Self.store(.dynamoDB))
        try await store.open(connectionID: "c")
        for (id, (question, answer)) in [("1", ("My name is Ann.", "Hello Ann.")), ("2", ("Who am I?", "Ann."))] {
            let provider = SteppedChatProvider.text([answer], automatic: true)
            let session = ChatSocketSession(
                connectionID: "c",
                chat: provider,
                store: store,
                sink: RecordingSink(),
                logger: Logger(label: "test.websocket-chat")
            )
            let frame = ChatSocketCodec.encode(
                ChatSocketClientMessage.chat(
                    ChatSocketRequest(id: id, chat: ChatRequest(model: "m", messages: [.user(question)]))
                )
            )
            #expect(await session.receive(Array(frame.utf8), deadline: .after(.seconds(30))) == .completed)
            if id == "2" {
                #expect(
                    provider.requests.first?.messages == [
                        .user("My name is Ann."), .assistant("Hello Ann."), .user("Who am I?"),
                    ]
                )
            }
        }
    }

    @Test("a wrong signature is refused by moto", .enabled(if: MotoPeer.isAvailable))
    func wrongSignature() async throws {
        let moto = try #require(try await MotoPeer.get())
        let signed = try #require(try await Self.store(.dynamoDB) as? DynamoDBChatConversationStore)
        let forged = AWSCredentials(accessKeyID: moto.credentials.accessKeyID, secretAccessKey: "not-the-secret")
        let store = DynamoDBChatConversationStore(
            client: DynamoDBClient(client: moto.client(.dynamoDB, credentials: forged)),
            table: signed.table
        )
        let error = await #expect(throws: AWSServiceError.self) { try await store.open(connectionID: "x") }
        #expect(error?.code == "SignatureDoesNotMatch")
        try await signed.open(connectionID: "x")
    }
}
