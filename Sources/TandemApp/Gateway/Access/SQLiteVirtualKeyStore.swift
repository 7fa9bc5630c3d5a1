public import TandemSQLite

/// Virtual keys in the embedded SQLite database: one row per key, the key's SHA-256 as a unique index, never the key.
public final class SQLiteVirtualKeyStore: VirtualKeyStore {
    private let database: SQLiteDatabase

    /// Opens the store in `database`, creating its table when needed.
    ///
    /// - Throws: ``TandemSQLite/SQLiteError`` when the schema cannot be created.
    public init(database: SQLiteDatabase) throws {
        self.database = database
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS tandem_virtual_keys (
                id TEXT PRIMARY KEY,
                digest TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                models TEXT NOT NULL,
                rpm INTEGER,
                tpm INTEGER,
                budget_usd REAL,
                budget_period_seconds INTEGER NOT NULL,
                spent_usd REAL NOT NULL DEFAULT 0,
                period_start_ms INTEGER NOT NULL,
                created_ms INTEGER NOT NULL,
                revoked_ms INTEGER
            )
            """
        )
    }

    public func insert(_ key: VirtualKey, digest: KeyDigest) throws {
        _ = try self.database.run(
            """
            INSERT INTO tandem_virtual_keys (id, digest, name, models, rpm, tpm, budget_usd, budget_period_seconds,
                spent_usd, period_start_ms, created_ms, revoked_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(key.id), .text(digest.hex), .text(key.name), .text(key.models.joined(separator: "\n")),
                key.requestsPerMinute.map { .integer(Int64($0)) } ?? .null,
                key.tokensPerMinute.map { .integer(Int64($0)) } ?? .null,
                key.budgetUSD.map { .real($0) } ?? .null,
                .integer(Int64(key.budgetPeriodSeconds)), .real(key.spentUSD), .integer(key.periodStartMilliseconds),
                .integer(key.createdMilliseconds), key.revokedMilliseconds.map { .integer($0) } ?? .null,
            ]
        )
    }

    public func key(digest: KeyDigest) throws -> VirtualKey? {
        try self.database.query("SELECT * FROM tandem_virtual_keys WHERE digest = ?", [.text(digest.hex)]).first
            .map(Self.record)
    }

    public func key(id: String) throws -> VirtualKey? {
        try self.database.query("SELECT * FROM tandem_virtual_keys WHERE id = ?", [.text(id)]).first.map(Self.record)
    }

    public func list() throws -> [VirtualKey] {
        try self.database.query("SELECT * FROM tandem_virtual_keys ORDER BY created_ms DESC, id").map(Self.record)
    }

    public func revoke(id: String, at milliseconds: Int64) throws -> Bool {
        try self.database.run(
            "UPDATE tandem_virtual_keys SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL",
            [.integer(milliseconds), .text(id)]
        ) > 0
    }

    public func addSpend(id: String, usd: Double, now: Int64) throws {
        _ = try self.database.run(
            """
            UPDATE tandem_virtual_keys SET
                spent_usd = CASE WHEN ? - period_start_ms >= budget_period_seconds * 1000 THEN ? ELSE spent_usd + ? END,
                period_start_ms = CASE WHEN ? - period_start_ms >= budget_period_seconds * 1000 THEN ?
                    ELSE period_start_ms END
            WHERE id = ?
            """,
            [.integer(now), .real(usd), .real(usd), .integer(now), .integer(now), .text(id)]
        )
    }

    private static func record(_ row: SQLiteRow) -> VirtualKey {
        func int(_ name: String) -> Int? { row[name].int64.map { Int($0) } }
        func double(_ name: String) -> Double? {
            switch row[name] {
            case .real(let value): value
            case .integer(let value): Double(value)
            default: nil
            }
        }
        func text(_ name: String) -> String {
            if case .text(let value) = row[name] { return value }
            return ""
        }
        let models = text("models")
        return VirtualKey(
            id: text("id"),
            name: text("name"),
            models: models.isEmpty ? [] : models.split(separator: "\n").map(String.init),
            requestsPerMinute: int("rpm"),
            tokensPerMinute: int("tpm"),
            budgetUSD: double("budget_usd"),
            budgetPeriodSeconds: int("budget_period_seconds") ?? 0,
            spentUSD: double("spent_usd") ?? 0,
            periodStartMilliseconds: row["period_start_ms"].int64 ?? 0,
            createdMilliseconds: row["created_ms"].int64 ?? 0,
            revokedMilliseconds: row["revoked_ms"].int64
        )
    }
}
