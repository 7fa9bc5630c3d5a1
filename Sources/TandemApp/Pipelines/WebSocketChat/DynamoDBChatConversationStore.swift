public import TandemAWS
import TandemCore
public import TandemLLM

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ``ChatConversationStore`` in a DynamoDB table (Lambda): one item per connection, keyed by ``keyAttribute``
/// (a string partition key, default `connection_id`), holding `turns` (a list of completed exchanges, each the
/// OpenAI `messages` JSON of that exchange), `connected_at` and `expires_at` (seconds since 1970; enable the table's
/// TTL on it so items of connections that never sent `$disconnect` go away).
///
/// An exchange is appended with one `UpdateItem` (`list_append`), so two chats finishing at once on one connection
/// both land. An item holds at most 400 KB: the session only reads the last ``ChatSocketSession/Options/historyLimit``
/// messages, but a connection that exchanges more than that fails to store further turns (the chat still answers).
public struct DynamoDBChatConversationStore: ChatConversationStore {
    /// The client.
    public let client: DynamoDBClient
    /// The table name.
    public let table: String
    /// The partition key attribute.
    public let keyAttribute: String
    /// The sort key and the value every conversation carries in it, for a table with a composite key (such as
    /// the `pk`/`sk` tables of `tandem infra`); `nil` for none.
    public let sortKey: DynamoDBSortKey?
    /// How long after its last write an item expires (API Gateway closes connections after 2 hours).
    public let timeToLive: Duration

    /// Uses `table` through `client`.
    public init(
        client: DynamoDBClient,
        table: String,
        keyAttribute: String = "connection_id",
        sortKey: DynamoDBSortKey? = nil,
        timeToLive: Duration = .seconds(3 * 3600)
    ) {
        self.client = client
        self.table = table
        self.keyAttribute = keyAttribute
        self.sortKey = sortKey
        self.timeToLive = timeToLive
    }

    private func itemKey(_ connectionID: String) -> [String: AttributeValue] {
        DynamoDBSortKey.adding(self.sortKey, to: [self.keyAttribute: .string(connectionID)])
    }

    private var now: Int64 { Int64(Date().timeIntervalSince1970) }

    private var expiry: AttributeValue {
        .number(AttributeValue.Number(self.now + self.timeToLive.components.seconds))
    }

    public func open(connectionID: String) async throws {
        try await self.client.putItem(
            table: self.table,
            item: self.itemKey(connectionID).merging(
                ["connected_at": .number(AttributeValue.Number(self.now)), "expires_at": self.expiry]
            ) { _, new in new }
        )
    }

    public func history(connectionID: String, limit: Int) async throws -> [ChatMessage] {
        guard
            let item = try await self.client.getItem(
                table: self.table,
                key: self.itemKey(connectionID),
                consistentRead: true
            ),
            case .list(let turns)? = item["turns"]
        else { return [] }
        var messages: [ChatMessage] = []
        for turn in turns {
            guard case .string(let text) = turn else { throw ChatSocketError(.internal, "a stored turn is not text") }
            messages += try ChatTranscriptCodec.decode(text)
        }
        return Self.trim(messages, limit: limit)
    }

    public func append(_ messages: [ChatMessage], connectionID: String) async throws {
        try await self.client.updateItem(
            table: self.table,
            key: self.itemKey(connectionID),
            updateExpression: "SET #turns = list_append(if_not_exists(#turns, :empty), :turn), #expires = :expires",
            expressionAttributeNames: ["#turns": "turns", "#expires": "expires_at"],
            expressionAttributeValues: [
                ":empty": .list([]),
                ":turn": .list([.string(ChatTranscriptCodec.encode(messages))]),
                ":expires": self.expiry,
            ]
        )
    }

    public func close(connectionID: String) async throws {
        try await self.client.deleteItem(table: self.table, key: self.itemKey(connectionID))
    }
}
