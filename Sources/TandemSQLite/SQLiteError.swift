public import TandemCore

/// An error reported by SQLite: its result code and message, and the statement it came from (never bound values).
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// SQLite's extended result code (for example 19 for `SQLITE_CONSTRAINT`, 5 for `SQLITE_BUSY`).
    public var resultCode: Int32
    /// SQLite's message for people.
    public var message: String
    /// The SQL text, when the error belongs to a statement (parameters are never included).
    public var sql: String?

    /// Creates an error.
    public init(resultCode: Int32, message: String, sql: String? = nil) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of the extended code).
    public var primaryResultCode: Int32 { self.resultCode & 0xFF }

    /// Whether another connection holds a lock (`SQLITE_BUSY` or `SQLITE_LOCKED`): retrying later can succeed.
    public var isBusy: Bool { self.primaryResultCode == 5 || self.primaryResultCode == 6 }

    /// Whether a constraint (UNIQUE, PRIMARY KEY, CHECK, ...) refused the change.
    public var isConstraintViolation: Bool { self.primaryResultCode == 19 }

    public var description: String {
        if let sql { return "SQLite error \(self.resultCode): \(self.message) (in: \(sql))" }
        return "SQLite error \(self.resultCode): \(self.message)"
    }

    /// This error as a ``TandemError`` with the `internal_error` code, for layers that speak only Tandem errors.
    public var tandemError: TandemError { TandemError(.internal, self.description, underlying: self) }
}
