extension SQLiteDatabase {
    /// How a ``SQLiteDatabase`` configures its connection.
    public struct Options: Sendable, Hashable {
        /// How long a statement waits for another process's lock before failing with `SQLITE_BUSY` (default 5 s).
        public var busyTimeout: Duration
        /// Use write-ahead logging (`journal_mode=WAL`, `synchronous=NORMAL`) for file databases (default on):
        /// readers in other processes never block the writer, and commits are one `fsync` cheaper.
        public var writeAheadLog: Bool
        /// Enforce `FOREIGN KEY` constraints (default on; SQLite's own default is off).
        public var foreignKeys: Bool

        /// Creates options.
        public init(busyTimeout: Duration = .seconds(5), writeAheadLog: Bool = true, foreignKeys: Bool = true) {
            self.busyTimeout = busyTimeout
            self.writeAheadLog = writeAheadLog
            self.foreignKeys = foreignKeys
        }
    }
}
