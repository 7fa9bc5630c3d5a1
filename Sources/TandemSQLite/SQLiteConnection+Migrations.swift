extension SQLiteConnection {
    /// The schema version stored in the database header (`PRAGMA user_version`); 0 for a new database.
    public var userVersion: Int {
        get throws(SQLiteError) {
            let statement = try self.prepare("PRAGMA user_version")
            defer { statement.reset() }
            guard try statement.step() else { return 0 }
            return Int(statement.int64(at: 0))
        }
    }

    /// Applies the migrations the database has not had yet, each in its own transaction with its version bump.
    ///
    /// Without a `namespace` the version lives in `PRAGMA user_version` (one schema owns the file). With one, it
    /// lives in the row `namespace` of the table `tandem_schema_versions`, so several stores (idempotency records,
    /// results, vectors) can share one database file, each with its own history.
    /// - Parameters:
    ///   - migrations: the whole history, oldest first; the schema ends at version `migrations.count`.
    ///   - namespace: the schema's name when it shares the file with others, or `nil` for `user_version`.
    /// - Returns: how many migrations ran.
    /// - Throws: ``SQLiteError`` when the database is newer than `migrations` (it was written by a newer program),
    ///   or whatever a failing migration throws (that migration is rolled back; earlier ones stay).
    @discardableResult
    public func migrate(_ migrations: [SQLiteMigration], namespace: String? = nil) throws -> Int {
        let current = try self.schemaVersion(namespace: namespace)
        guard current <= migrations.count else {
            throw SQLiteError.misuse(
                "schema \(namespace ?? "user_version") is at version \(current), newer than this program's "
                    + "\(migrations.count)"
            )
        }
        for version in current..<migrations.count {
            try self.transaction { connection in
                // Re-read inside the write lock: another process may have migrated meanwhile.
                guard try connection.schemaVersion(namespace: namespace) == version else { return }
                try migrations[version].apply(connection)
                if let namespace {
                    try connection.run(
                        "INSERT INTO tandem_schema_versions (namespace, version) VALUES (?, ?) "
                            + "ON CONFLICT (namespace) DO UPDATE SET version = excluded.version",
                        [.text(namespace), .integer(Int64(version + 1))]
                    )
                } else {
                    // PRAGMA takes no parameters; `version` is an integer we produced.
                    try connection.execute("PRAGMA user_version = \(version + 1)")
                }
            }
        }
        return migrations.count - current
    }

    /// The version of a schema: `user_version` without a namespace, else its row in `tandem_schema_versions`.
    /// - Throws: ``SQLiteError``.
    public func schemaVersion(namespace: String? = nil) throws -> Int {
        guard let namespace else { return try self.userVersion }
        try self.execute(
            "CREATE TABLE IF NOT EXISTS tandem_schema_versions (namespace TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL)"
        )
        let rows = try self.query("SELECT version FROM tandem_schema_versions WHERE namespace = ?", [.text(namespace)])
        return Int(rows.first?[0].int64 ?? 0)
    }
}
