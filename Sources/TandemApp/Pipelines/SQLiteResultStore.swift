#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore
public import TandemSQLite

/// A ``ResultStore`` in SQLite: the table `tandem_results` (schema namespace `results`), one row per document id
/// with the fields as JSON. Calls block the calling thread for a statement's time (see ``SQLiteDatabase``).
public struct SQLiteResultStore: ResultStore {
    /// The database.
    public let database: SQLiteDatabase

    static let migrations = [
        SQLiteMigration(
            """
            CREATE TABLE tandem_results (
                id TEXT PRIMARY KEY NOT NULL,
                pipeline TEXT NOT NULL,
                fields TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """
        )
    ]

    /// Uses `database`, creating the table when needed.
    /// - Throws: ``SQLiteError``.
    public init(database: SQLiteDatabase) throws {
        try database.migrate(Self.migrations, namespace: "results")
        self.database = database
    }

    public func put(_ result: PipelineResult) async throws {
        try self.database.run(
            "INSERT INTO tandem_results (id, pipeline, fields, updated_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET pipeline = excluded.pipeline, fields = excluded.fields, "
                + "updated_at = excluded.updated_at",
            [
                .text(result.id), .text(result.pipeline), .text(JSONValue.object(result.fields).canonicalJSON()),
                .integer(result.updatedAt),
            ]
        )
    }

    public func result(id: String) async throws -> PipelineResult? {
        guard
            let row = try self.database.query(
                "SELECT pipeline, fields, updated_at FROM tandem_results WHERE id = ?",
                [.text(id)]
            ).first
        else { return nil }
        let fields = try JSONValue(parsing: row[1].string ?? "{}").objectValue ?? [:]
        return PipelineResult(id: id, pipeline: row[0].string ?? "", fields: fields, updatedAt: row[2].int64 ?? 0)
    }
}
