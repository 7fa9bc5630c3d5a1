import CSQLite

extension SQLiteError {
    /// The error SQLite reports for `code` on connection `database` (its extended code and message).
    init(database: OpaquePointer?, code: Int32, sql: String? = nil) {
        let extended = database.map { sqlite3_extended_errcode($0) } ?? code
        // The connection's code is the latest one; prefer it when its primary code agrees with `code`.
        let resultCode = (extended & 0xFF) == (code & 0xFF) ? extended : code
        let message: String
        if let database, let text = sqlite3_errmsg(database) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
        self.init(resultCode: resultCode, message: message, sql: sql)
    }

    /// An error of Tandem's own about the database (`SQLITE_ERROR`, code 1), such as a schema newer than the code.
    static func misuse(_ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(resultCode: 1, message: message, sql: sql)
    }
}
