#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemModels

/// Locates the repository, the reference data and the model files for the tests.
enum ModelFixture {
    /// The package root (this file is `Tests/TandemModelsTests/ModelFixture.swift`).
    static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    /// `../shared/reference/embeddings/minilm-l6-v2.json` beside the repository.
    static let referencePath = root + "/../shared/reference/embeddings/minilm-l6-v2.json"

    /// The model folder, found like the product finds it (TANDEM_MODEL_DIR, the project's .venv, ...); `nil` if the
    /// model is not installed (the model-dependent tests then skip, saying so).
    static let modelFolder: String? = try? ModelLocator(workingDirectory: root).locate()

    static var hasModel: Bool { modelFolder != nil }
    static var hasReference: Bool { FileManager.default.fileExists(atPath: referencePath) }
    static var hasModelAndReference: Bool { hasModel && hasReference }

    /// One embedder per backend, shared by the tests (loading is cheap, but there is no need to repeat it).
    static let swiftEmbedder: SentenceEmbedder? = modelFolder.flatMap { folder in
        var options = SentenceEmbedder.Options()
        options.backend = .swiftSIMD
        return try? SentenceEmbedder(modelDirectory: folder, options: options)
    }

    static let automaticEmbedder: SentenceEmbedder? = modelFolder.flatMap { folder in
        try? SentenceEmbedder(modelDirectory: folder)
    }

    static func embedder(_ backend: String) -> SentenceEmbedder? {
        backend == "swift-simd" ? swiftEmbedder : automaticEmbedder
    }

    /// The reference file's contents.
    struct Reference: Decodable {
        struct Case: Decodable {
            var text: String
            var input_ids: [Int32]
            var embedding: [Float]
        }

        var model: String
        var max_seq_length: Int
        var cases: [Case]
    }

    static let reference: Reference? = {
        guard let data = FileManager.default.contents(atPath: referencePath) else { return nil }
        return try? JSONDecoder().decode(Reference.self, from: data)
    }()
}
