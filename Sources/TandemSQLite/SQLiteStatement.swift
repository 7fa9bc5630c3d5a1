import CSQLite

/// A prepared statement: bind parameters, step through rows, read typed columns.
///
/// A statement belongs to the ``SQLiteConnection`` that prepared it and is only valid inside the
/// ``SQLiteDatabase/withConnection(_:)`` (or `transaction`) closure that obtained it: it is not `Sendable`, and
/// statements from ``SQLiteConnection/prepare(_:)`` are cached and reset on the next `prepare` of the same SQL.
///
/// Parameter indexes are 1-based (SQLite's convention); column indexes are 0-based.
public final class SQLiteStatement {
    let handle: OpaquePointer
    /// The SQL text the statement was prepared from.
    public let sql: String

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    deinit { sqlite3_finalize(self.handle) }

    // MARK: Binding

    /// Binds a 64-bit integer to the parameter at `index` (1-based).
    /// - Throws: ``SQLiteError`` when the index is out of range.
    public func bind(_ value: Int64, at index: Int32) throws(SQLiteError) {
        try self.check(sqlite3_bind_int64(self.handle, index, value))
    }

    /// Binds a double to the parameter at `index` (1-based).
    /// - Throws: ``SQLiteError`` when the index is out of range.
    public func bind(_ value: Double, at index: Int32) throws(SQLiteError) {
        try self.check(sqlite3_bind_double(self.handle, index, value))
    }

    /// Binds UTF-8 text (copied by SQLite) to the parameter at `index` (1-based).
    /// - Throws: ``SQLiteError`` when the index is out of range or the text is too large.
    public func bind(_ value: String, at index: Int32) throws(SQLiteError) {
        var text = value
        let code = text.withUTF8 { buffer -> Int32 in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                // A nil pointer would bind NULL: bind a real empty string instead.
                return sqlite3_bind_text(self.handle, index, "", 0, SQLiteStatement.transient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                sqlite3_bind_text64(self.handle, index, $0, UInt64(buffer.count), SQLiteStatement.transient, UInt8(SQLITE_UTF8))
            }
        }
        try self.check(code)
    }

    /// Binds bytes (copied by SQLite) to the parameter at `index` (1-based); an empty array binds an empty blob.
    /// - Throws: ``SQLiteError`` when the index is out of range or the blob is too large.
    public func bind(_ bytes: [UInt8], at index: Int32) throws(SQLiteError) {
        let code = bytes.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return sqlite3_bind_zeroblob(self.handle, index, 0)
            }
            return sqlite3_bind_blob64(self.handle, index, base, UInt64(buffer.count), SQLiteStatement.transient)
        }
        try self.check(code)
    }

    /// Binds SQL `NULL` to the parameter at `index` (1-based).
    /// - Throws: ``SQLiteError`` when the index is out of range.
    public func bindNull(at index: Int32) throws(SQLiteError) {
        try self.check(sqlite3_bind_null(self.handle, index))
    }

    /// Binds any ``SQLiteValue`` to the parameter at `index` (1-based).
    /// - Throws: ``SQLiteError`` when the index is out of range.
    public func bind(_ value: SQLiteValue, at index: Int32) throws(SQLiteError) {
        switch value {
        case .integer(let number): try self.bind(number, at: index)
        case .real(let number): try self.bind(number, at: index)
        case .text(let text): try self.bind(text, at: index)
        case .blob(let bytes): try self.bind(bytes, at: index)
        case .null: try self.bindNull(at: index)
        }
    }

    /// Binds `values` to parameters 1, 2, ... in order.
    /// - Throws: ``SQLiteError`` when there are more values than parameters.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            try self.bind(value, at: Int32(offset + 1))
        }
    }

    /// The 1-based index of a named parameter (`:name`, `@name` or `$name`, prefix included), or `nil`.
    public func parameterIndex(_ name: String) -> Int32? {
        let index = sqlite3_bind_parameter_index(self.handle, name)
        return index == 0 ? nil : index
    }

    /// Resets the statement so it can run again, and clears its bindings to `NULL`.
    public func reset() {
        sqlite3_reset(self.handle)
        sqlite3_clear_bindings(self.handle)
    }

    // MARK: Stepping

    /// Runs the statement to its next row.
    /// - Returns: `true` when a row is available to read, `false` when the statement has finished.
    /// - Throws: ``SQLiteError`` on any failure, such as a constraint violation or `SQLITE_BUSY` after the busy
    ///   timeout.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(self.handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            // sqlite3_reset returns the same error; reset so the statement is reusable afterwards.
            let error = SQLiteError(database: sqlite3_db_handle(self.handle), code: code, sql: self.sql)
            sqlite3_reset(self.handle)
            throw error
        }
    }

    /// Steps until the statement finishes, discarding rows.
    /// - Throws: ``SQLiteError`` on any failure.
    public func run() throws(SQLiteError) {
        while try self.step() {}
    }

    /// Steps through every row and copies them out.
    /// - Returns: the rows, in order.
    /// - Throws: ``SQLiteError`` on any failure.
    public func rows() throws(SQLiteError) -> [SQLiteRow] {
        var rows: [SQLiteRow] = []
        let names = self.columnNames
        while try self.step() {
            rows.append(SQLiteRow(columns: names, values: (0..<self.columnCount).map { self.value(at: $0) }))
        }
        return rows
    }

    // MARK: Columns

    /// The number of columns in a result row.
    public var columnCount: Int32 { sqlite3_column_count(self.handle) }

    /// The column names, in order.
    public var columnNames: [String] {
        (0..<self.columnCount).map { String(cString: sqlite3_column_name(self.handle, $0)) }
    }

    /// Whether the column at `index` of the current row is `NULL`.
    public func isNull(at index: Int32) -> Bool {
        sqlite3_column_type(self.handle, index) == SQLITE_NULL
    }

    /// The column at `index` of the current row as an integer (SQLite converts; `NULL` reads as 0).
    public func int64(at index: Int32) -> Int64 {
        sqlite3_column_int64(self.handle, index)
    }

    /// The column at `index` of the current row as a double (SQLite converts; `NULL` reads as 0).
    public func double(at index: Int32) -> Double {
        sqlite3_column_double(self.handle, index)
    }

    /// The column at `index` of the current row as text, or `nil` when it is `NULL`.
    public func string(at index: Int32) -> String? {
        guard let text = sqlite3_column_text(self.handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(self.handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column at `index` of the current row as bytes, or `nil` when it is `NULL`.
    public func blob(at index: Int32) -> [UInt8]? {
        if self.isNull(at: index) { return nil }
        let pointer = sqlite3_column_blob(self.handle, index)
        let count = Int(sqlite3_column_bytes(self.handle, index))
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// The column at `index` of the current row as the value SQLite stored.
    public func value(at index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(self.handle, index) {
        case SQLITE_INTEGER: return .integer(self.int64(at: index))
        case SQLITE_FLOAT: return .real(self.double(at: index))
        case SQLITE_TEXT: return .text(self.string(at: index) ?? "")
        case SQLITE_BLOB: return .blob(self.blob(at: index) ?? [])
        default: return .null
        }
    }

    // MARK: Support

    /// SQLite's `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the call returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func check(_ code: Int32) throws(SQLiteError) {
        guard code == SQLITE_OK else {
            throw SQLiteError(database: sqlite3_db_handle(self.handle), code: code, sql: self.sql)
        }
    }
}
