/// One step of a schema: applied once, in order, and recorded in SQLite's `PRAGMA user_version`.
///
/// Migration `n` (1-based position in the list) brings a database from `user_version` `n - 1` to `n`. Never edit
/// or reorder a published migration; append a new one.
public struct SQLiteMigration: Sendable {
    let apply: @Sendable (SQLiteConnection) throws -> Void

    /// A migration that runs a SQL script (one or more statements).
    public init(_ sql: String) {
        self.apply = { connection in try connection.execute(sql) }
    }

    /// A migration that runs code (for data rewrites that SQL alone cannot express).
    public init(_ body: @escaping @Sendable (SQLiteConnection) throws -> Void) {
        self.apply = body
    }
}
