import Foundation
import Testing

@testable import TandemSQLite

@Suite("SQLite database")
struct SQLiteDatabaseTests {
    static let samples: [SQLiteValue] = [
        .integer(0), .integer(Int64.max), .integer(Int64.min), .integer(-42),
        .real(3.25), .real(-0.0), .real(1e300), .real(Double.leastNonzeroMagnitude),
        .text(""), .text("héllo, wörld ✓"), .text("with\u{0}nul"), .text(String(repeating: "x", count: 100_000)),
        .blob([]), .blob([0, 1, 2, 255]), .blob(Array(repeating: 0xAB, count: 70_000)),
        .null,
    ]

    @Test("every value round-trips through a table and keeps its storage class", arguments: samples)
    func roundTrip(value: SQLiteValue) throws {
        let database = try SQLiteDatabase.inMemory()
        try database.execute("CREATE TABLE t (v)")
        try database.run("INSERT INTO t (v) VALUES (?)", [value])
        let rows = try database.query("SELECT v, typeof(v) AS kind FROM t")
        #expect(rows.count == 1)
        #expect(rows[0]["v"] == value)
        let expectedKind: String
        switch value {
        case .integer: expectedKind = "integer"
        case .real: expectedKind = "real"
        case .text: expectedKind = "text"
        case .blob: expectedKind = "blob"
        case .null: expectedKind = "null"
        }
        #expect(rows[0]["kind"] == .text(expectedKind))
    }

    @Test("typed binding and typed column reading on a prepared statement")
    func typedStatement() throws {
        let database = try SQLiteDatabase.inMemory()
        try database.execute("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, n TEXT)")
        try database.withConnection { connection in
            let insert = try connection.prepare("INSERT INTO t VALUES (:i, :d, :s, :b, :n)")
            try insert.bind(Int64(7), at: try #require(insert.parameterIndex(":i")))
            try insert.bind(2.5, at: 2)
            try insert.bind("text", at: 3)
            try insert.bind([9, 8, 7] as [UInt8], at: 4)
            try insert.bindNull(at: 5)
            try insert.run()
            #expect(connection.changes == 1)
            #expect(connection.lastInsertRowID == 1)

            let select = try connection.prepare("SELECT i, d, s, b, n FROM t")
            #expect(select.columnNames == ["i", "d", "s", "b", "n"])
            #expect(try select.step())
            #expect(select.int64(at: 0) == 7)
            #expect(select.double(at: 1) == 2.5)
            #expect(select.string(at: 2) == "text")
            #expect(select.blob(at: 3) == [9, 8, 7])
            #expect(select.isNull(at: 4))
            #expect(select.string(at: 4) == nil)
            #expect(select.blob(at: 4) == nil)
            #expect(try !select.step())
        }
    }

    @Test("a cached statement is reused and reset between uses")
    func statementCache() throws {
        let database = try SQLiteDatabase.inMemory()
        try database.withConnection { connection in
            let first = try connection.prepare("SELECT ?1 + 1")
            try first.bind(Int64(1), at: 1)
            #expect(try first.step())
            #expect(first.int64(at: 0) == 2)
            let second = try connection.prepare("SELECT ?1 + 1")
            #expect(first === second)
            // Bindings were cleared: NULL + 1 is NULL.
            #expect(try second.step())
            #expect(second.isNull(at: 0))
        }
    }

    @Test("constraint violations surface as SQLiteError with the constraint code")
    func constraintErrors() throws {
        let database = try SQLiteDatabase.inMemory()
        try database.execute(
            """
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (id TEXT PRIMARY KEY NOT NULL, parent INTEGER REFERENCES parent(id), n INTEGER CHECK (n > 0));
            INSERT INTO parent VALUES (1);
            INSERT INTO child VALUES ('a', 1, 1);
            """
        )
        let unique = #expect(throws: SQLiteError.self) {
            try database.run("INSERT INTO child VALUES ('a', 1, 1)")
        }
        #expect(unique?.isConstraintViolation == true)
        #expect(unique?.resultCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(unique?.sql == "INSERT INTO child VALUES ('a', 1, 1)")
        let foreignKey = #expect(throws: SQLiteError.self) {
            try database.run("INSERT INTO child VALUES ('b', 99, 1)")
        }
        #expect(foreignKey?.resultCode == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY: foreign keys are on
        let check = #expect(throws: SQLiteError.self) {
            try database.run("INSERT INTO child VALUES (?, ?, ?)", ["c", 1, 0])
        }
        #expect(check?.resultCode == 275)  // SQLITE_CONSTRAINT_CHECK
        let notNull = #expect(throws: SQLiteError.self) {
            try database.run("INSERT INTO child VALUES (?, ?, ?)", [nil, 1, 1])
        }
        #expect(notNull?.resultCode == 1299)  // SQLITE_CONSTRAINT_NOTNULL
        let syntax = #expect(throws: SQLiteError.self) { try database.query("SELEC 1") }
        #expect(syntax?.primaryResultCode == 1)
        #expect(try database.query("SELECT count(*) FROM child")[0][0] == .integer(1))
    }

    struct Boom: Error {}

    @Test("a transaction commits on return and rolls back on throw, nested ones by savepoint")
    func transactions() throws {
        let database = try SQLiteDatabase.inMemory()
        try database.execute("CREATE TABLE t (v INTEGER)")
        let committed = try database.transaction { connection in
            try connection.run("INSERT INTO t VALUES (1)")
            return connection.isInTransaction
        }
        #expect(committed)
        #expect(throws: Boom.self) {
            try database.transaction { connection in
                try connection.run("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        // A constraint error inside also rolls back the earlier statements of the transaction.
        try database.execute("CREATE UNIQUE INDEX t_v ON t (v)")
        #expect(throws: SQLiteError.self) {
            try database.transaction { connection in
                try connection.run("INSERT INTO t VALUES (3)")
                try connection.run("INSERT INTO t VALUES (1)")
            }
        }
        try database.transaction { connection in
            try connection.run("INSERT INTO t VALUES (4)")
            try? connection.transaction { inner in
                try inner.run("INSERT INTO t VALUES (5)")
                throw Boom()
            }
            #expect(connection.isInTransaction)
        }
        let values = try database.query("SELECT v FROM t ORDER BY v").map { $0[0] }
        #expect(values == [.integer(1), .integer(4)])
        try database.withConnection { #expect(!$0.isInTransaction) }
    }

    @Test("50 tasks share one database")
    func concurrentUse() async throws {
        let database = try SQLiteDatabase.inMemory()
        try database.execute("CREATE TABLE t (task INTEGER, n INTEGER, PRIMARY KEY (task, n))")
        try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<50 {
                group.addTask {
                    for n in 0..<20 {
                        try database.transaction { connection in
                            let count = try connection.query("SELECT count(*) FROM t WHERE task = ?", [.integer(Int64(task))])
                            #expect(count[0][0] == .integer(Int64(n)))
                            try connection.run("INSERT INTO t VALUES (?, ?)", [.integer(Int64(task)), .integer(Int64(n))])
                        }
                        await Task.yield()
                    }
                    return try database.query("SELECT count(*) FROM t WHERE task = ?", [.integer(Int64(task))])[0][0]
                        .int64.map(Int.init) ?? -1
                }
            }
            for try await count in group { #expect(count == 20) }
        }
        #expect(try database.query("SELECT count(*) FROM t")[0][0] == .integer(1000))
    }

    @Test("a file database reopened keeps its data, schema version and WAL mode")
    func fileReopen() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-sqlite-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        let migrations = [
            SQLiteMigration("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"),
            SQLiteMigration("ALTER TABLE notes ADD COLUMN tag TEXT"),
        ]
        do {
            let database = try SQLiteDatabase(path: path)
            #expect(try database.migrate(migrations) == 2)
            try database.run("INSERT INTO notes (body, tag) VALUES (?, ?)", ["kept", "a"])
            #expect(try database.query("PRAGMA journal_mode")[0][0] == .text("wal"))
        }
        let reopened = try SQLiteDatabase(path: path)
        #expect(try reopened.userVersion() == 2)
        #expect(try reopened.migrate(migrations) == 0)
        let rows = try reopened.query("SELECT body, tag FROM notes")
        #expect(rows.map(\.values) == [[.text("kept"), .text("a")]])
        #expect(try reopened.query("PRAGMA foreign_keys")[0][0] == .integer(1))
        // A third migration added later runs once; a database newer than the code is refused.
        #expect(try reopened.migrate(migrations + [SQLiteMigration("CREATE INDEX notes_tag ON notes (tag)")]) == 1)
        let tooNew = #expect(throws: SQLiteError.self) { try reopened.migrate(migrations) }
        #expect(tooNew?.message.contains("newer") == true)
    }

    @Test("a failing migration is rolled back and leaves the version where it was")
    func failingMigration() throws {
        let database = try SQLiteDatabase.inMemory()
        let migrations = [
            SQLiteMigration("CREATE TABLE a (x)"),
            SQLiteMigration("CREATE TABLE b (y); INSERT INTO nowhere VALUES (1)"),
        ]
        #expect(throws: SQLiteError.self) { try database.migrate(migrations) }
        #expect(try database.userVersion() == 1)
        #expect(try database.query("SELECT name FROM sqlite_master WHERE name = 'b'").isEmpty)
    }

    @Test("prepare refuses a script with two statements")
    func prepareRefusesScripts() throws {
        let database = try SQLiteDatabase.inMemory()
        #expect(throws: SQLiteError.self) { try database.query("SELECT 1; SELECT 2") }
        #expect(try database.query("SELECT 1;  ")[0][0] == .integer(1))
    }

    @Test("namespaced schemas share one file, each with its own version, apart from user_version")
    func namespacedMigrations() throws {
        let database = try SQLiteDatabase.inMemory()
        let keys = [SQLiteMigration("CREATE TABLE keys (k TEXT PRIMARY KEY)")]
        let vectors = [
            SQLiteMigration("CREATE TABLE vectors (id TEXT PRIMARY KEY)"),
            SQLiteMigration("ALTER TABLE vectors ADD COLUMN v BLOB"),
        ]
        #expect(try database.migrate(keys, namespace: "keys") == 1)
        #expect(try database.migrate(vectors, namespace: "vectors") == 2)
        #expect(try database.migrate(keys, namespace: "keys") == 0)
        #expect(try database.userVersion() == 0)
        let versions = try database.withConnection { connection in
            try ["keys", "vectors", "other"].map { try connection.schemaVersion(namespace: $0) }
        }
        #expect(versions == [1, 2, 0])
        #expect(throws: SQLiteError.self) { try database.migrate(Array(vectors.prefix(1)), namespace: "vectors") }
    }
}
