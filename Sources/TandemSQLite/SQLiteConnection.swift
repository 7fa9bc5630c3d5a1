import CSQLite

/// One open SQLite connection, handed to the closures of ``SQLiteDatabase/withConnection(_:)`` and
/// ``SQLiteDatabase/transaction(_:)`` while the database's lock is held.
///
/// Not `Sendable` and valid only inside that closure: keep no reference to it (or its statements) afterwards.
/// Prepared statements are cached by SQL text, so a statement that runs per record is compiled once.
public final class SQLiteConnection {
    let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// How deep ``transaction(_:)`` calls are nested on this connection (inner ones use savepoints).
    var transactionDepth = 0

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        self.statements.removeAll()
        sqlite3_close_v2(self.handle)
    }

    /// Opens a connection.
    static func open(path: String, flags: Int32) throws(SQLiteError) -> SQLiteConnection {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let error = SQLiteError(database: handle, code: code)
            sqlite3_close_v2(handle)
            throw error
        }
        sqlite3_extended_result_codes(handle, 1)
        return SQLiteConnection(handle: handle)
    }

    /// Runs one or more SQL statements separated by semicolons, without parameters, discarding any rows.
    /// - Parameter sql: the statements (schema changes, pragmas, `BEGIN`/`COMMIT`).
    /// - Throws: ``SQLiteError`` from the first statement that fails; earlier ones stay applied.
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(self.handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw SQLiteError(resultCode: sqlite3_extended_errcode(self.handle), message: text, sql: sql)
        }
    }

    /// A prepared statement for `sql`, reset and with cleared bindings; cached for the connection's lifetime.
    ///
    /// The same SQL text returns the same statement object, reset: do not step two uses of one SQL text at once
    /// (use ``prepareUncached(_:)`` for that).
    /// - Throws: ``SQLiteError`` when the SQL does not compile.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let statement = self.statements[sql] {
            statement.reset()
            return statement
        }
        let statement = try self.prepareUncached(sql)
        self.statements[sql] = statement
        return statement
    }

    /// A new prepared statement for `sql` that no one else shares (finalized when released).
    /// - Throws: ``SQLiteError`` when the SQL does not compile or holds more than one statement.
    public func prepareUncached(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        // The tail points into the C string, which lives only inside withCString: look at it there.
        let (code, trailingText) = sql.withCString { text -> (Int32, Bool) in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(self.handle, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            guard let tail, tail.pointee != 0 else { return (code, false) }
            return (code, !String(cString: tail).allSatisfy { $0.isWhitespace || $0 == ";" })
        }
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError(database: self.handle, code: code == SQLITE_OK ? SQLITE_MISUSE : code, sql: sql)
        }
        if trailingText {
            sqlite3_finalize(statement)
            throw SQLiteError.misuse("one statement expected; use execute(_:) for scripts", sql: sql)
        }
        return SQLiteStatement(handle: statement, sql: sql)
    }

    /// Runs one statement with `bindings` for its parameters 1, 2, ...
    /// - Returns: how many rows it inserted, updated or deleted.
    /// - Throws: ``SQLiteError`` (for example a constraint violation).
    @discardableResult
    public func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> Int {
        let statement = try self.prepare(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        try statement.run()
        return Int(sqlite3_changes64(self.handle))
    }

    /// Runs one query with `bindings` for its parameters 1, 2, ... and copies out every row.
    /// - Returns: the rows, in order.
    /// - Throws: ``SQLiteError``.
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> [SQLiteRow] {
        let statement = try self.prepare(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        return try statement.rows()
    }

    /// The rowid of the most recent successful `INSERT` on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(self.handle) }

    /// How many rows the most recent `INSERT`, `UPDATE` or `DELETE` changed.
    public var changes: Int { Int(sqlite3_changes64(self.handle)) }

    /// Whether the connection is inside a transaction (SQLite is not in autocommit mode).
    public var isInTransaction: Bool { sqlite3_get_autocommit(self.handle) == 0 }
}
