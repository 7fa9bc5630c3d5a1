import TandemCore
public import TandemSQLite

/// An ``IdempotencyStore`` in a SQLite database: the default locally and in containers.
///
/// One table, `tandem_idempotency`, in its own schema namespace (`idempotency`), so the file can hold other
/// stores too. Taking the lock is one `INSERT ... ON CONFLICT DO UPDATE ... WHERE expired RETURNING` statement,
/// atomic across processes sharing the file (WAL mode, busy timeout). Calls block the calling thread for the few
/// microseconds a statement takes (see ``SQLiteDatabase``).
///
/// Layout, for the write path: rows live in a rowid table (appended in time order, so the records a batch locks
/// and then completes sit together on the last leaf pages) with a unique index on the key (the only random page
/// a new key touches). A key-ordered table would dirty one random page per record twice, at the lock and at the
/// completion; each dirty page is a 4 KiB WAL frame written. Keys are stored packed (a derived key's 64 hex digits as
/// 32 bytes, ``storedKey(_:)``), which halves the index, and checkpoints run every
/// ``autocheckpointFrames`` frames rather than every 1,000.
///
/// Durability: the database runs in WAL mode with `synchronous=NORMAL`. A commit survives the process crashing
/// (the guarantee exactly-once processing needs against a dying worker or Lambda sandbox); a power loss or kernel
/// crash can lose the transactions since the last WAL sync, and then a redelivered message runs again (at least
/// once). Use the DynamoDB store where records must outlive the machine.
public struct SQLiteIdempotencyStore: IdempotencyStore {
    /// The database the records live in.
    public let database: SQLiteDatabase

    static let migrations = [
        SQLiteMigration(
            """
            CREATE TABLE tandem_idempotency (
                key TEXT PRIMARY KEY NOT NULL,
                status TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                payload_hash TEXT,
                result BLOB,
                lock_token TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX tandem_idempotency_expiry ON tandem_idempotency (expires_at);
            """
        ),
        // The expiry index cost a page write per lock and per completion (the store's hot path); purging expired
        // records is rare and can scan.
        SQLiteMigration("DROP INDEX IF EXISTS tandem_idempotency_expiry"),
        // Rows in time order, the key in a unique index: completing a batch rewrites the few last leaf pages it
        // appended to instead of one random page per key (half the WAL frames per new record).
        SQLiteMigration(
            """
            CREATE TABLE tandem_idempotency_rows (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                payload_hash TEXT,
                result BLOB,
                lock_token TEXT NOT NULL
            );
            INSERT INTO tandem_idempotency_rows (key, status, expires_at, payload_hash, result, lock_token)
                SELECT key, status, expires_at, payload_hash, result, lock_token FROM tandem_idempotency
                ORDER BY expires_at;
            DROP TABLE tandem_idempotency;
            ALTER TABLE tandem_idempotency_rows RENAME TO tandem_idempotency;
            """
        ),
        // Keys packed to bytes (``storedKey(_:)``): the key index, the one random page each new key dirties, has
        // half the leaf pages (fewer splits and WAL frames, fewer distinct pages per checkpoint).
        SQLiteMigration { connection in
            try connection.execute(
                """
                CREATE TABLE tandem_idempotency_packed (
                    id INTEGER PRIMARY KEY,
                    key BLOB NOT NULL UNIQUE,
                    status TEXT NOT NULL,
                    expires_at INTEGER NOT NULL,
                    payload_hash TEXT,
                    result BLOB,
                    lock_token TEXT NOT NULL
                )
                """
            )
            let rows = try connection.query(
                "SELECT key, status, expires_at, payload_hash, result, lock_token FROM tandem_idempotency ORDER BY id"
            )
            for row in rows {
                _ = try connection.run(
                    "INSERT INTO tandem_idempotency_packed (key, status, expires_at, payload_hash, result, lock_token) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    [.blob(Self.storedKey(row[0].string ?? "")), row[1], row[2], row[3], row[4], row[5]]
                )
            }
            try connection.execute(
                "DROP TABLE tandem_idempotency; ALTER TABLE tandem_idempotency_packed RENAME TO tandem_idempotency"
            )
        },
    ]

    /// WAL frames between automatic checkpoints (`PRAGMA wal_autocheckpoint`; SQLite's default is 1,000). A
    /// checkpoint copies every page changed since the last one into the database file and syncs it: with more
    /// frames between checkpoints, the pages a busy store rewrites batch after batch (the table's last leaves, the
    /// upper index pages) are copied once for many commits, and the sync runs ~8 times less often. Each commit is
    /// still written to the WAL before it returns (`synchronous=NORMAL`: it survives the process crashing).
    static let autocheckpointFrames = 8192

    /// The page cache of the store's connection (`PRAGMA cache_size`, KiB): large enough that the key index of a
    /// busy store stays in memory instead of costing a `pread` per lookup (SQLite's default is 2 MiB). Pages are
    /// allocated as they are used.
    static let cacheKiB = 32 * 1024

    /// Uses `database`, creating the table when needed and deleting records that have expired.
    /// - Throws: ``SQLiteError`` when the schema cannot be created.
    public init(database: SQLiteDatabase) throws {
        try database.migrate(Self.migrations, namespace: "idempotency")
        try database.withConnection { connection in
            // Only ever grows the cache another store on the same connection may have set.
            let current = try connection.query("PRAGMA cache_size").first?[0].int64 ?? -2000
            let currentKiB = current < 0 ? -current : current * 4
            if currentKiB < Int64(Self.cacheKiB) { try connection.execute("PRAGMA cache_size=-\(Self.cacheKiB)") }
            let frames = try connection.query("PRAGMA wal_autocheckpoint").first?[0].int64 ?? 1000
            if frames > 0 && frames < Int64(Self.autocheckpointFrames) {
                try connection.execute("PRAGMA wal_autocheckpoint=\(Self.autocheckpointFrames)")
            }
        }
        self.database = database
        _ = try self.purgeExpired(now: Deadline.nowMilliseconds())
    }

    /// Opens (creating) the database file at `path`, or an in-memory one for `":memory:"`.
    /// - Throws: ``SQLiteError`` when the file cannot be opened or the schema created.
    public init(path: String) throws {
        try self.init(database: SQLiteDatabase(path: path))
    }

    public func acquire(_ record: IdempotencyRecord, now: Int64) async throws -> IdempotencyAcquisition {
        try self.database.withConnection { connection in try Self.acquire(record, now: now, on: connection) }
    }

    public func complete(key: String, lockToken: String, result: [UInt8], expiresAt: Int64) async throws -> Bool {
        try self.database.withConnection { connection in
            try Self.complete(key: key, lockToken: lockToken, result: result, expiresAt: expiresAt, on: connection)
        }
    }

    public func release(key: String, lockToken: String) async throws -> Bool {
        try self.database.withConnection { connection in try Self.release(key: key, lockToken: lockToken, on: connection) }
    }

    /// Takes the locks of a whole batch in one transaction (one commit instead of one per record).
    public func acquire(_ records: [IdempotencyRecord], now: Int64) async throws -> [IdempotencyAcquisition] {
        try self.database.transaction { connection in
            try records.map { try Self.acquire($0, now: now, on: connection) }
        }
    }

    /// Settles a whole batch in one transaction.
    public func settle(_ settlements: [IdempotencySettlement]) async throws {
        guard !settlements.isEmpty else { return }
        try self.database.transaction { connection in
            for settlement in settlements {
                switch settlement {
                case .complete(let key, let lockToken, let result, let expiresAt):
                    _ = try Self.complete(key: key, lockToken: lockToken, result: result, expiresAt: expiresAt, on: connection)
                case .release(let key, let lockToken):
                    _ = try Self.release(key: key, lockToken: lockToken, on: connection)
                }
            }
        }
    }

    static func acquire(_ record: IdempotencyRecord, now: Int64, on connection: SQLiteConnection) throws -> IdempotencyAcquisition {
        // Another process may delete the record between the two statements; then try again.
        for _ in 0..<3 {
            let taken = try connection.query(
                """
                INSERT INTO tandem_idempotency (key, status, expires_at, payload_hash, result, lock_token)
                VALUES (?1, ?2, ?3, ?4, NULL, ?5)
                ON CONFLICT (key) DO UPDATE SET
                    status = excluded.status, expires_at = excluded.expires_at,
                    payload_hash = excluded.payload_hash, result = NULL, lock_token = excluded.lock_token
                WHERE tandem_idempotency.expires_at <= ?6
                RETURNING lock_token
                """,
                [
                    .blob(Self.storedKey(record.key)), .text(record.status.rawValue), .integer(record.expiresAt),
                    record.payloadHash.map(SQLiteValue.text) ?? .null, .text(record.lockToken), .integer(now),
                ]
            )
            if !taken.isEmpty { return .acquired }
            let rows = try connection.query(
                "SELECT status, expires_at, payload_hash, result, lock_token FROM tandem_idempotency WHERE key = ?",
                [.blob(Self.storedKey(record.key))]
            )
            if let row = rows.first {
                return .existing(
                    IdempotencyRecord(
                        key: record.key,
                        status: IdempotencyRecord.Status(rawValue: row[0].string ?? "") ?? .inProgress,
                        expiresAt: row[1].int64 ?? 0,
                        payloadHash: row[2].string,
                        result: row[3].blob,
                        lockToken: row[4].string ?? ""
                    )
                )
            }
        }
        throw SQLiteError(resultCode: 5, message: "idempotency record changed three times while taking the lock")
    }

    static func complete(
        key: String,
        lockToken: String,
        result: [UInt8],
        expiresAt: Int64,
        on connection: SQLiteConnection
    ) throws -> Bool {
        try connection.run(
            "UPDATE tandem_idempotency SET status = ?1, result = ?2, expires_at = ?3 "
                + "WHERE key = ?4 AND lock_token = ?5 AND status = ?6",
            [
                .text(IdempotencyRecord.Status.completed.rawValue), .blob(result), .integer(expiresAt),
                .blob(Self.storedKey(key)),
                .text(lockToken), .text(IdempotencyRecord.Status.inProgress.rawValue),
            ]
        ) == 1
    }

    static func release(key: String, lockToken: String, on connection: SQLiteConnection) throws -> Bool {
        try connection.run(
            "DELETE FROM tandem_idempotency WHERE key = ?1 AND lock_token = ?2 AND status = ?3",
            [.blob(Self.storedKey(key)), .text(lockToken), .text(IdempotencyRecord.Status.inProgress.rawValue)]
        ) == 1
    }

    /// Deletes the records that expired before `now` (milliseconds since the Unix epoch).
    /// - Returns: how many were deleted.
    /// - Throws: ``SQLiteError``.
    @discardableResult
    public func purgeExpired(now: Int64) throws -> Int {
        try self.database.run("DELETE FROM tandem_idempotency WHERE expires_at <= ?", [.integer(now)])
    }
}
