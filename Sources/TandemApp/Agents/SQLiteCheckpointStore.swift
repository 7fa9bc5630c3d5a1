public import TandemSQLite
import TandemCore

/// The default ``CheckpointStore``: one SQLite file (WAL), shared by every run of a process, and by several
/// processes on one machine (SQLite's file lock serialises their writes).
///
/// A checkpoint is one `BEGIN IMMEDIATE` transaction: the step row, the run row (fenced by the lease owner) and the
/// events. Under WAL with `synchronous=NORMAL` a committed checkpoint survives the process being killed (it is in
/// the WAL file); a power loss may lose the last few, which replay then redoes.
public final class SQLiteCheckpointStore: CheckpointStore {
    private let database: SQLiteDatabase

    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(
            """
            CREATE TABLE agent_runs (
                id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                record TEXT NOT NULL,
                updated_ms INTEGER NOT NULL,
                lease_owner TEXT,
                lease_until_ms INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE agent_steps (
                run_id TEXT NOT NULL,
                step_id TEXT NOT NULL,
                idx INTEGER NOT NULL,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                payload TEXT NOT NULL,
                PRIMARY KEY (run_id, step_id)
            ) WITHOUT ROWID;
            CREATE TABLE agent_events (
                run_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                event TEXT NOT NULL,
                PRIMARY KEY (run_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE agent_results (
                key TEXT PRIMARY KEY,
                run_id TEXT NOT NULL,
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                created_ms INTEGER NOT NULL
            );
            CREATE INDEX agent_results_by_run ON agent_results (run_id, created_ms);
            """
        )
    ]

    /// A store in `database` (its tables are created or migrated now).
    /// - Throws: ``SQLiteError`` when the schema cannot be brought up to date.
    public init(database: SQLiteDatabase) throws {
        self.database = database
        try database.migrate(Self.migrations)
    }

    /// A store in the SQLite file at `path` (created if missing).
    /// - Throws: ``SQLiteError`` when the file cannot be opened or migrated.
    public convenience init(path: String) throws {
        try self.init(database: try SQLiteDatabase(path: path))
    }

    public func createRun(_ run: AgentRunRecord, events: [AgentEvent]) async throws {
        let record = try AgentJSON.encode(run)
        let encoded = try events.map { ($0, try AgentJSON.encode($0)) }
        try self.database.transaction { connection in
            try connection.run(
                "INSERT INTO agent_runs (id, status, record, updated_ms) VALUES (?, ?, ?, ?)",
                [.text(run.id), .text(run.status.rawValue), .text(record), .integer(run.updatedAtMilliseconds)]
            )
            for (event, text) in encoded { try Self.insert(event, text, connection) }
        }
    }

    public func run(_ id: String) async throws -> AgentRunRecord? {
        let rows = try self.database.query("SELECT record FROM agent_runs WHERE id = ?", [.text(id)])
        guard let text = rows.first?[0].string else { return nil }
        return try AgentJSON.decode(AgentRunRecord.self, from: text, what: "run")
    }

    public func steps(of runID: String) async throws -> [AgentStepRecord] {
        let rows = try self.database.query(
            "SELECT step_id, idx, kind, status, attempts, payload FROM agent_steps WHERE run_id = ? ORDER BY idx",
            [.text(runID)]
        )
        return try rows.map { row in
            guard let kind = row[2].string.flatMap(AgentStepRecord.Kind.init(rawValue:)),
                let status = row[3].string.flatMap(AgentStepRecord.Status.init(rawValue:))
            else { throw AgentStoreError.corrupt("step") }
            return AgentStepRecord(
                runID: runID,
                stepID: row[0].string ?? "",
                index: Int(row[1].int64 ?? 0),
                kind: kind,
                status: status,
                attempts: Int(row[4].int64 ?? 1),
                payload: row[5].string ?? ""
            )
        }
    }

    public func beginStep(_ step: AgentStepRecord, owner: String) async throws -> AgentStepRecord {
        try self.database.transaction { connection in
            try Self.checkLease(runID: step.runID, owner: owner, connection)
            try Self.checkNotCancelled(runID: step.runID, connection)
            let existing = try connection.query(
                "SELECT attempts FROM agent_steps WHERE run_id = ? AND step_id = ?",
                [.text(step.runID), .text(step.stepID)]
            )
            var stored = step
            stored.status = .started
            if let attempts = existing.first?[0].int64 {
                stored.attempts = Int(attempts) + 1
                try connection.run(
                    "UPDATE agent_steps SET attempts = ?, status = 'started' WHERE run_id = ? AND step_id = ?",
                    [.integer(Int64(stored.attempts)), .text(step.runID), .text(step.stepID)]
                )
            } else {
                stored.attempts = 1
                try Self.upsert(stored, connection)
            }
            return stored
        }
    }

    public func checkpoint(
        run: AgentRunRecord,
        steps: [AgentStepRecord],
        events: [AgentEvent],
        owner: String?
    ) async throws {
        let record = try AgentJSON.encode(run)
        let encoded = try events.map { ($0, try AgentJSON.encode($0)) }
        try self.database.transaction { connection in
            if let owner { try Self.checkLease(runID: run.id, owner: owner, connection) }
            if run.status != .cancelled { try Self.checkNotCancelled(runID: run.id, connection) }
            try connection.run(
                "UPDATE agent_runs SET status = ?, record = ?, updated_ms = ? WHERE id = ?",
                [.text(run.status.rawValue), .text(record), .integer(run.updatedAtMilliseconds), .text(run.id)]
            )
            guard connection.changes == 1 else { throw AgentStoreError.notFound(run.id) }
            for step in steps { try Self.upsert(step, connection) }
            for (event, text) in encoded { try Self.insert(event, text, connection) }
        }
    }

    public func appendEvents(_ events: [AgentEvent]) async throws {
        guard !events.isEmpty else { return }
        let encoded = try events.map { ($0, try AgentJSON.encode($0)) }
        try self.database.transaction { connection in
            // A cancellation may have taken the next sequence number; a lost delta is better than a failed run.
            for (event, text) in encoded {
                try connection.run(
                    "INSERT OR IGNORE INTO agent_events (run_id, seq, event) VALUES (?, ?, ?)",
                    [.text(event.runID), .integer(event.sequence), .text(text)]
                )
            }
        }
    }

    public func events(of runID: String, after sequence: Int64, limit: Int) async throws -> [AgentEvent] {
        let rows = try self.database.query(
            "SELECT event FROM agent_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            [.text(runID), .integer(sequence), .integer(Int64(limit))]
        )
        return try rows.map { try AgentJSON.decode(AgentEvent.self, from: $0[0].string ?? "", what: "event") }
    }

    public func lastEventSequence(of runID: String) async throws -> Int64 {
        let rows = try self.database.query("SELECT MAX(seq) FROM agent_events WHERE run_id = ?", [.text(runID)])
        return rows.first?[0].int64 ?? 0
    }

    public func acquireLease(runID: String, owner: String, until: Int64) async throws -> Bool {
        let now = Deadline.nowMilliseconds()
        let changed = try self.database.run(
            """
            UPDATE agent_runs SET lease_owner = ?, lease_until_ms = ?
            WHERE id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until_ms < ?)
            """,
            [.text(owner), .integer(until), .text(runID), .text(owner), .integer(now)]
        )
        return changed == 1
    }

    public func releaseLease(runID: String, owner: String) async throws {
        try self.database.run(
            "UPDATE agent_runs SET lease_owner = NULL, lease_until_ms = 0 WHERE id = ? AND lease_owner = ?",
            [.text(runID), .text(owner)]
        )
    }

    public func breakLease(runID: String) async throws {
        try self.database.run("UPDATE agent_runs SET lease_owner = NULL, lease_until_ms = 0 WHERE id = ?", [.text(runID)])
    }

    public func putResult(key: String, runID: String, name: String, value: String) async throws -> Bool {
        let changed = try self.database.run(
            "INSERT OR IGNORE INTO agent_results (key, run_id, name, value, created_ms) VALUES (?, ?, ?, ?, ?)",
            [.text(key), .text(runID), .text(name), .text(value), .integer(Deadline.nowMilliseconds())]
        )
        return changed == 1
    }

    public func results(of runID: String) async throws -> [AgentStoredResult] {
        let rows = try self.database.query(
            "SELECT key, name, value FROM agent_results WHERE run_id = ? ORDER BY created_ms, rowid",
            [.text(runID)]
        )
        return rows.map { AgentStoredResult(key: $0[0].string ?? "", name: $0[1].string ?? "", value: $0[2].string ?? "") }
    }

    private static func checkLease(runID: String, owner: String, _ connection: SQLiteConnection) throws {
        let rows = try connection.query("SELECT lease_owner FROM agent_runs WHERE id = ?", [.text(runID)])
        guard let row = rows.first else { throw AgentStoreError.notFound(runID) }
        guard row[0].string == owner else { throw AgentStoreError.leaseLost(runID) }
    }

    private static func checkNotCancelled(runID: String, _ connection: SQLiteConnection) throws {
        let rows = try connection.query("SELECT status FROM agent_runs WHERE id = ?", [.text(runID)])
        if rows.first?[0].string == AgentRunStatus.cancelled.rawValue { throw AgentStoreError.cancelled(runID) }
    }

    private static func upsert(_ step: AgentStepRecord, _ connection: SQLiteConnection) throws {
        try connection.run(
            """
            INSERT INTO agent_steps (run_id, step_id, idx, kind, status, attempts, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, step_id) DO UPDATE SET
                idx = excluded.idx, kind = excluded.kind, status = excluded.status,
                attempts = excluded.attempts, payload = excluded.payload
            """,
            [
                .text(step.runID), .text(step.stepID), .integer(Int64(step.index)), .text(step.kind.rawValue),
                .text(step.status.rawValue), .integer(Int64(step.attempts)), .text(step.payload),
            ]
        )
    }

    private static func insert(_ event: AgentEvent, _ text: String, _ connection: SQLiteConnection) throws {
        try connection.run(
            "INSERT INTO agent_events (run_id, seq, event) VALUES (?, ?, ?)",
            [.text(event.runID), .integer(event.sequence), .text(text)]
        )
    }
}
