import Synchronization
public import TandemCore
public import TandemSQLite

/// A local vector index in SQLite with exact top-k cosine search: the store behind the agents' `search_documents`
/// tool and the embed pipeline.
///
/// Each record keeps its id, text, metadata (JSON), vector (float32 blob) and the embedding variant that made it
/// (e.g. `all-MiniLM-L6-v2/fp32`). A collection is bound to one variant and one dimension count when it is
/// created; opening it with another variant throws `vector_variant_mismatch`, so vectors of different models or
/// precisions (fp32 and int8) never meet in one index.
///
/// Search is brute force over an in-memory matrix of the collection's unit vectors, loaded on the first search
/// and kept in step with this process's writes (a revision counter in the database notices other processes'
/// writes and reloads). Exact, no index to tune; the limits: memory of `dimensions × 4` bytes per record
/// (1.5 KB at 384 floats: about 150 MB per 100,000 records) and a scan of every record per query (about 1 ms per
/// 10,000 records of 384 floats on one core). Past a few hundred thousand records use an approximate index.
///
/// All methods block the calling thread on SQLite (microseconds per statement) and, for search, on the scan.
///
/// ```swift
/// let index = try VectorIndex(database: database, collection: "docs", variant: embedder.variant,
///                             dimensions: embedder.dimensions)
/// try index.upsert([VectorRecord(id: "a", text: "a cat", metadata: ["lang": "en"], vector: vector)])
/// let hits = try index.search(query, k: 5, filter: ["lang": "en"])
/// ```
public final class VectorIndex: Sendable {
    /// The stable code of opening a collection with another variant or dimension count than it was created with.
    public static let variantMismatch = TandemError.Code("vector_variant_mismatch")

    /// The database holding the collection.
    public let database: SQLiteDatabase
    /// The collection's name (several collections can share one database).
    public let collection: String
    /// The embedding variant every vector of the collection was made with.
    public let variant: String
    /// The length of every vector.
    public let dimensions: Int
    private let cache: Mutex<Cache?>

    struct Cache: Sendable {
        var revision: Int64
        var matrix: VectorMatrix
    }

    static let migrations = [
        SQLiteMigration(
            """
            CREATE TABLE tandem_vector_collections (
                name TEXT PRIMARY KEY NOT NULL,
                variant TEXT NOT NULL,
                dimensions INTEGER NOT NULL,
                revision INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE tandem_vectors (
                collection TEXT NOT NULL REFERENCES tandem_vector_collections(name) ON DELETE CASCADE,
                id TEXT NOT NULL,
                text TEXT NOT NULL,
                metadata TEXT NOT NULL,
                vector BLOB NOT NULL,
                variant TEXT NOT NULL,
                PRIMARY KEY (collection, id)
            );
            """
        )
    ]

    /// Opens (creating if needed) a collection bound to `variant` and `dimensions`.
    /// - Parameters:
    ///   - database: Where the vectors live (a file, or `SQLiteDatabase.inMemory()`).
    ///   - collection: The collection's name.
    ///   - variant: The embedding variant, e.g. `SentenceEmbedder.variant` (`all-MiniLM-L6-v2/fp32`).
    ///   - dimensions: The vectors' length (384 for all-MiniLM-L6-v2).
    /// - Throws: ``TandemCore/TandemError`` `vector_variant_mismatch` when the collection exists with another variant
    ///   or dimension count, `invalid_input` for a dimension count below 1, or a ``TandemSQLite/SQLiteError``.
    public init(database: SQLiteDatabase, collection: String = "documents", variant: String, dimensions: Int) throws {
        guard dimensions > 0 else { throw TandemError(.invalidInput, "a vector index needs at least one dimension") }
        self.database = database
        self.collection = collection
        self.variant = variant
        self.dimensions = dimensions
        self.cache = Mutex(nil)
        try database.migrate(Self.migrations, namespace: "vectors")
        try database.transaction { connection in
            let existing = try connection.query(
                "SELECT variant, dimensions FROM tandem_vector_collections WHERE name = ?", [.text(collection)])
            if let row = existing.first {
                let storedVariant = row["variant"].string ?? "", storedDimensions = Int(row["dimensions"].int64 ?? 0)
                guard storedVariant == variant, storedDimensions == dimensions else {
                    throw TandemError(
                        Self.variantMismatch,
                        "collection '\(collection)' holds \(storedDimensions)-dimensional \(storedVariant) vectors; "
                            + "it cannot take \(dimensions)-dimensional \(variant) ones (use another collection)")
                }
            } else {
                _ = try connection.run(
                    "INSERT INTO tandem_vector_collections (name, variant, dimensions) VALUES (?, ?, ?)",
                    [.text(collection), .text(variant), .integer(Int64(dimensions))])
            }
        }
    }

    /// Adds records, replacing those with the same ids, in one transaction.
    /// - Throws: ``TandemCore/TandemError`` `invalid_input` (and nothing is written) when a vector has the wrong
    ///   length, a non-finite value or length zero, or an id repeats; a ``TandemSQLite/SQLiteError``.
    public func upsert(_ records: [VectorRecord]) throws {
        guard !records.isEmpty else { return }
        var units: [[Float]] = []
        units.reserveCapacity(records.count)
        var seen = Set<String>()
        for record in records {
            guard seen.insert(record.id).inserted else {
                throw TandemError(.invalidInput, "id '\(record.id)' appears twice in one upsert")
            }
            guard let unit = VectorMatrix.normalised(record.vector, dimensions: self.dimensions) else {
                throw TandemError(
                    .invalidInput,
                    "vector of '\(record.id)' must have \(self.dimensions) finite values, not all zero "
                        + "(it has \(record.vector.count))")
            }
            units.append(unit)
        }
        let revisions = try self.database.transaction { connection in
            let statement = try connection.prepare(
                """
                INSERT INTO tandem_vectors (collection, id, text, metadata, vector, variant)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (collection, id) DO UPDATE SET
                    text = excluded.text, metadata = excluded.metadata, vector = excluded.vector,
                    variant = excluded.variant
                """)
            for record in records {
                statement.reset()
                try statement.bind([
                    .text(self.collection), .text(record.id), .text(record.text),
                    .text(JSONValue.object(record.metadata).canonicalJSON()), .blob(Self.bytes(record.vector)),
                    .text(self.variant),
                ])
                try statement.run()
            }
            statement.reset()
            return try Self.bumpRevision(connection, collection: self.collection)
        }
        self.cache.withLock { cache in
            guard var current = cache, current.revision == revisions.before else {
                cache = nil  // someone else wrote in between: reload on the next search
                return
            }
            cache = nil
            for (record, unit) in zip(records, units) {
                current.matrix.upsert(id: record.id, metadata: record.metadata, unit: unit)
            }
            current.revision = revisions.after
            cache = current
        }
    }

    /// Deletes the records with these ids (unknown ids are ignored).
    /// - Returns: How many records were deleted.
    /// - Throws: A ``TandemSQLite/SQLiteError``.
    @discardableResult
    public func delete(ids: [String]) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let (deleted, revisions) = try self.database.transaction { connection in
            var deleted = 0
            for id in ids {
                deleted += try connection.run(
                    "DELETE FROM tandem_vectors WHERE collection = ? AND id = ?", [.text(self.collection), .text(id)])
            }
            return (deleted, try Self.bumpRevision(connection, collection: self.collection))
        }
        self.cache.withLock { cache in
            guard var current = cache, current.revision == revisions.before else {
                cache = nil
                return
            }
            cache = nil
            for id in ids { current.matrix.remove(id: id) }
            current.revision = revisions.after
            cache = current
        }
        return deleted
    }

    /// The number of records in the collection.
    /// - Throws: A ``TandemSQLite/SQLiteError``.
    public func count() throws -> Int {
        let rows = try self.database.query(
            "SELECT count(*) AS n FROM tandem_vectors WHERE collection = ?", [.text(self.collection)])
        return Int(rows.first?["n"].int64 ?? 0)
    }

    /// The stored record with this id, vector included, or `nil`.
    /// - Throws: A ``TandemSQLite/SQLiteError``, or `internal_error` for a row this type did not write.
    public func record(id: String) throws -> VectorRecord? {
        let rows = try self.database.query(
            "SELECT text, metadata, vector FROM tandem_vectors WHERE collection = ? AND id = ?",
            [.text(self.collection), .text(id)])
        guard let row = rows.first else { return nil }
        return VectorRecord(
            id: id, text: row["text"].string ?? "", metadata: try Self.metadata(row["metadata"].string),
            vector: Self.floats(row["vector"].blob ?? []))
    }

    /// The `k` records most similar to `vector` by cosine, best first, among those whose metadata has every key of
    /// `filter` with an equal JSON value (`1` and `1.0` differ; strings compare exactly).
    /// - Parameters:
    ///   - vector: The query embedding, made with this collection's ``variant``.
    ///   - k: How many results at most (0 or less gives none).
    ///   - filter: Top-level metadata keys and the values they must have.
    /// - Throws: ``TandemCore/TandemError`` `invalid_input` for a query of the wrong length, non-finite or zero; a
    ///   ``TandemSQLite/SQLiteError``.
    public func search(_ vector: [Float], k: Int, filter: [String: JSONValue] = [:]) throws -> [VectorSearchResult] {
        guard let unit = VectorMatrix.normalised(vector, dimensions: self.dimensions) else {
            throw TandemError(
                .invalidInput,
                "the query must have \(self.dimensions) finite values, not all zero (it has \(vector.count))")
        }
        guard k > 0 else { return [] }
        let matrix = try self.currentMatrix()
        let hits = matrix.top(k, near: unit, filter: filter)
        guard !hits.isEmpty else { return [] }
        let texts = try self.database.withConnection { connection in
            let statement = try connection.prepare("SELECT text FROM tandem_vectors WHERE collection = ? AND id = ?")
            defer { statement.reset() }
            var texts: [String] = []
            for hit in hits {
                statement.reset()
                try statement.bind([.text(self.collection), .text(matrix.ids[hit.row])])
                texts.append(try statement.step() ? statement.string(at: 0) ?? "" : "")
            }
            return texts
        }
        return zip(hits, texts).map { hit, text in
            VectorSearchResult(id: matrix.ids[hit.row], text: text, metadata: matrix.metadata[hit.row],
                               score: hit.score)
        }
    }

    /// The cached matrix, reloaded when the collection's revision moved (another process wrote).
    private func currentMatrix() throws -> VectorMatrix {
        let revision = try self.database.query(
            "SELECT revision FROM tandem_vector_collections WHERE name = ?", [.text(self.collection)]
        ).first?["revision"].int64 ?? 0
        if let cached = self.cache.withLock({ $0 }), cached.revision == revision { return cached.matrix }
        let (loadedRevision, matrix) = try self.database.withConnection { connection in
            // Read the revision and the rows on the same connection under its lock: no write can slip in between.
            let revision = try connection.query(
                "SELECT revision FROM tandem_vector_collections WHERE name = ?", [.text(self.collection)]
            ).first?["revision"].int64 ?? 0
            var matrix = VectorMatrix(dimensions: self.dimensions)
            let statement = try connection.prepare(
                "SELECT id, metadata, vector FROM tandem_vectors WHERE collection = ? ORDER BY rowid")
            defer { statement.reset() }
            try statement.bind([.text(self.collection)])
            while try statement.step() {
                let id = statement.string(at: 0) ?? ""
                let vector = Self.floats(statement.blob(at: 2) ?? [])
                guard let unit = VectorMatrix.normalised(vector, dimensions: self.dimensions) else {
                    throw TandemError(.internal, "stored vector of '\(id)' is not \(self.dimensions) finite floats")
                }
                matrix.upsert(id: id, metadata: try Self.metadata(statement.string(at: 1)), unit: unit)
            }
            return (revision, matrix)
        }
        self.cache.withLock { $0 = Cache(revision: loadedRevision, matrix: matrix) }
        return matrix
    }

    private static func bumpRevision(_ connection: SQLiteConnection, collection: String) throws
        -> (before: Int64, after: Int64)
    {
        let before = try connection.query(
            "SELECT revision FROM tandem_vector_collections WHERE name = ?", [.text(collection)]
        ).first?["revision"].int64 ?? 0
        _ = try connection.run(
            "UPDATE tandem_vector_collections SET revision = ? WHERE name = ?", [.integer(before + 1), .text(collection)])
        return (before, before + 1)
    }

    /// Float32 values as little-endian bytes (the blob format).
    static func bytes(_ vector: [Float]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// The inverse of ``bytes(_:)`` (trailing bytes that do not make a float are ignored).
    static func floats(_ bytes: [UInt8]) -> [Float] {
        stride(from: 0, to: bytes.count - 3, by: 4).map { offset in
            let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24
            return Float(bitPattern: bits)
        }
    }

    static func metadata(_ text: String?) throws -> [String: JSONValue] {
        guard let text, !text.isEmpty else { return [:] }
        return try JSONValue(parsing: text).objectValue ?? [:]
    }
}
