extension SQLiteConnection {
    /// Runs `body` in a transaction: `BEGIN IMMEDIATE` (the write lock is taken up front, so two writers never
    /// deadlock upgrading a read lock), `COMMIT` when `body` returns, `ROLLBACK` when it throws.
    ///
    /// Nested calls use savepoints, so an inner failure rolls back only the inner work (and rethrows).
    /// - Parameter body: the work; it receives this connection.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws (after rolling back), or ``SQLiteError`` from `BEGIN`/`COMMIT`
    ///   (`SQLITE_BUSY` when another process holds the write lock past the busy timeout).
    public func transaction<Result>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        let depth = self.transactionDepth
        let savepoint = "tandem_\(depth)"
        try self.execute(depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT \(savepoint)")
        self.transactionDepth += 1
        defer { self.transactionDepth -= 1 }
        let result: Result
        do {
            result = try body(self)
        } catch {
            if depth == 0 {
                // ROLLBACK fails only when SQLite already rolled back (e.g. after SQLITE_FULL); ignore that.
                try? self.execute("ROLLBACK")
            } else {
                try? self.execute("ROLLBACK TO \(savepoint); RELEASE \(savepoint)")
            }
            throw error
        }
        do {
            try self.execute(depth == 0 ? "COMMIT" : "RELEASE \(savepoint)")
        } catch {
            if depth == 0 { try? self.execute("ROLLBACK") }
            throw error
        }
        return result
    }
}
