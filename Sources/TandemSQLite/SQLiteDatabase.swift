import CSQLite
import Synchronization
import TandemCore

/// A SQLite database that many tasks can share: one connection guarded by a `Mutex`.
///
/// Every call takes the lock, does its work on the connection and releases it, so calls from concurrent tasks
/// run one after another. **Every method blocks the calling thread** while it waits for the lock and while
/// SQLite works (and, when another *process* holds the file's write lock, for up to
/// ``Options/busyTimeout``). Keep closures short and never `await` inside them (they are synchronous); for
/// Tandem's stores a statement takes microseconds, which is cheaper than hopping to an actor.
///
/// Do not call back into the same `SQLiteDatabase` from inside ``withConnection(_:)`` or ``transaction(_:)``:
/// the lock is not re-entrant. Use the ``SQLiteConnection`` the closure receives instead.
///
/// ```swift
/// let database = try SQLiteDatabase(path: "state.sqlite")
/// try database.migrate([SQLiteMigration("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")])
/// try database.run("INSERT INTO notes (body) VALUES (?)", [.text("hello")])
/// let rows = try database.query("SELECT body FROM notes")
/// ```
public final class SQLiteDatabase: Sendable {
    private let connection: Mutex<SQLiteConnection>
    /// The path the database was opened with (`:memory:` for an in-memory database).
    public let path: String

    /// Opens (creating if needed) the database at `path`, or a private in-memory one for `":memory:"`.
    ///
    /// Applies the options: `journal_mode=WAL` (file databases), `synchronous=NORMAL` under WAL, the busy
    /// timeout and `foreign_keys=ON`. Blocks while SQLite opens the file.
    /// - Parameters:
    ///   - path: a file path, or `":memory:"`.
    ///   - options: connection settings; the defaults suit Tandem's stores.
    /// - Throws: ``SQLiteError`` when the file cannot be opened or is not a database.
    public init(path: String, options: Options = Options()) throws(SQLiteError) {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let connection = try SQLiteConnection.open(path: path, flags: flags)
        sqlite3_busy_timeout(connection.handle, Int32(clamping: options.busyTimeout.totalMilliseconds))
        if options.writeAheadLog && path != ":memory:" && !path.isEmpty {
            try connection.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
        }
        try connection.execute(options.foreignKeys ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF")
        self.connection = Mutex(connection)
        self.path = path
    }

    /// Opens a private in-memory database (gone when the value is released).
    /// - Throws: ``SQLiteError`` when SQLite cannot allocate it.
    public static func inMemory(options: Options = Options()) throws(SQLiteError) -> SQLiteDatabase {
        try SQLiteDatabase(path: ":memory:", options: options)
    }

    /// Runs `body` with the connection while holding the lock (blocks until the lock is free).
    /// - Parameter body: synchronous work on the connection; keep no reference to the connection afterwards.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws.
    public func withConnection<Result: Sendable>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        try self.connection.withLock { connection throws -> Result in try body(connection) }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction while holding the lock: committed when it returns,
    /// rolled back when it throws (blocks until the lock is free, and up to the busy timeout for the file lock).
    /// - Parameter body: synchronous work on the connection.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws (after the rollback), or ``SQLiteError`` from `BEGIN`/`COMMIT`.
    public func transaction<Result: Sendable>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        try self.withConnection { connection in try connection.transaction(body) }
    }

    /// Runs one or more SQL statements without parameters (schema, pragmas). Blocks.
    /// - Throws: ``SQLiteError`` from the first failing statement.
    public func execute(_ sql: String) throws(SQLiteError) {
        try self.connection.withLock { connection throws(SQLiteError) in try connection.execute(sql) }
    }

    /// Runs one statement with `bindings` for parameters 1, 2, ... Blocks.
    /// - Returns: how many rows it changed.
    /// - Throws: ``SQLiteError``, e.g. ``SQLiteError/isConstraintViolation`` for a duplicate key.
    @discardableResult
    public func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> Int {
        try self.connection.withLock { connection throws(SQLiteError) in try connection.run(sql, bindings) }
    }

    /// Runs one query with `bindings` for parameters 1, 2, ... and returns its rows. Blocks.
    /// - Throws: ``SQLiteError``.
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> [SQLiteRow] {
        try self.connection.withLock { connection throws(SQLiteError) in try connection.query(sql, bindings) }
    }

    /// Brings a schema up to date (see ``SQLiteConnection/migrate(_:namespace:)``). Blocks.
    /// - Parameters:
    ///   - migrations: the whole history, oldest first.
    ///   - namespace: the schema's name when several share the file, or `nil` for `PRAGMA user_version`.
    /// - Returns: how many migrations ran.
    /// - Throws: ``SQLiteError`` for a database newer than `migrations`, or what a failing migration throws.
    @discardableResult
    public func migrate(_ migrations: [SQLiteMigration], namespace: String? = nil) throws -> Int {
        try self.withConnection { connection in try connection.migrate(migrations, namespace: namespace) }
    }

    /// The schema version (`PRAGMA user_version`). Blocks.
    /// - Throws: ``SQLiteError``.
    public func userVersion() throws(SQLiteError) -> Int {
        try self.connection.withLock { connection throws(SQLiteError) in try connection.userVersion }
    }
}
