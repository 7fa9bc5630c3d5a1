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
    /// - Parameter migrations: the whole history, oldest first; the database ends at version `migrations.count`.
    /// - Returns: how many migrations ran.
    /// - Throws: ``SQLiteError`` when the database is newer than `migrations` (it was written by a newer program),
    ///   or whatever a failing migration throws (that migration is rolled back; earlier ones stay).
    @discardableResult
    public func migrate(_ migrations: [SQLiteMigration]) throws -> Int {
        let current = try self.userVersion
        guard current <= migrations.count else {
            throw SQLiteError.misuse(
                "database schema version \(current) is newer than this program's \(migrations.count)"
            )
        }
        for version in current..<migrations.count {
            try self.transaction { connection in
                try migrations[version].apply(connection)
                // PRAGMA takes no parameters; `version` is an integer we produced.
                try connection.execute("PRAGMA user_version = \(version + 1)")
            }
        }
        return migrations.count - current
    }
}
