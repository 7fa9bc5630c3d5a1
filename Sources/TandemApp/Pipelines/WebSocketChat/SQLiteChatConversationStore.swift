import TandemCore
public import TandemLLM
public import TandemSQLite

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ``ChatConversationStore`` in SQLite (local and containers): the table `tandem_chat_turns` (schema namespace
/// `chat`), one row per completed exchange, in order. Calls block the calling thread for a statement's time (see
/// ``SQLiteDatabase``).
public struct SQLiteChatConversationStore: ChatConversationStore {
    /// The database.
    public let database: SQLiteDatabase

    static let migrations = [
        SQLiteMigration(
            """
            CREATE TABLE tandem_chat_turns (
                connection_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                messages TEXT NOT NULL,
                message_count INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (connection_id, seq)
            ) WITHOUT ROWID;
            """
        )
    ]

    /// Uses `database`, creating the table when needed.
    /// - Throws: ``SQLiteError``.
    public init(database: SQLiteDatabase) throws {
        try database.migrate(Self.migrations, namespace: "chat")
        self.database = database
    }

    public func open(connectionID: String) async throws {
        try self.database.run("DELETE FROM tandem_chat_turns WHERE connection_id = ?", [.text(connectionID)])
    }

    public func history(connectionID: String, limit: Int) async throws -> [ChatMessage] {
        let rows = try self.database.query(
            "SELECT messages FROM tandem_chat_turns WHERE connection_id = ? ORDER BY seq",
            [.text(connectionID)]
        )
        var messages: [ChatMessage] = []
        for row in rows { messages += try ChatTranscriptCodec.decode(row[0].string ?? "") }
        return Self.trim(messages, limit: limit)
    }

    public func append(_ messages: [ChatMessage], connectionID: String) async throws {
        let text = ChatTranscriptCodec.encode(messages)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try self.database.run(
            "INSERT INTO tandem_chat_turns (connection_id, seq, messages, message_count, created_at) "
                + "SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4 FROM tandem_chat_turns WHERE connection_id = ?1",
            [.text(connectionID), .text(text), .integer(Int64(messages.count)), .integer(now)]
        )
    }

    public func close(connectionID: String) async throws {
        try self.database.run("DELETE FROM tandem_chat_turns WHERE connection_id = ?", [.text(connectionID)])
    }
}
