/// Zero-shot classification by similarity between a text's embedding and the embeddings of label descriptions.
///
/// Confidence is a softmax over the cosine similarities divided by ``temperature`` (sharper for a smaller value);
/// when even the best label's similarity is below ``noneThreshold`` the answer is "none of these" (`label == nil`).
/// The scoring is a pure function of vectors (``classify(_:labelEmbeddings:)``), so it is tested without a model.
public struct ZeroShotClassifier: Sendable {
    /// One candidate class.
    public struct Label: Sendable, Hashable {
        /// The name returned in predictions.
        public var name: String
        /// The text embedded for the label (a sentence describing the class works better than a bare name).
        public var description: String

        public init(name: String, description: String? = nil) {
            self.name = name
            self.description = description ?? name
        }
    }

    /// The outcome for one text.
    public struct Prediction: Sendable, Equatable {
        /// The best label, or `nil` for "none of these".
        public var label: String?
        /// The probability of the best label (softmax over the labels).
        public var confidence: Float
        /// Every label's probability, best first.
        public var scores: [(label: String, probability: Float, similarity: Float)]

        public static func == (lhs: Prediction, rhs: Prediction) -> Bool {
            lhs.label == rhs.label && lhs.confidence == rhs.confidence
                && lhs.scores.map(\.label) == rhs.scores.map(\.label)
                && lhs.scores.map(\.probability) == rhs.scores.map(\.probability)
        }
    }

    /// The labels, in the order given.
    public let labels: [Label]
    /// The softmax temperature over cosine similarities (default 0.05).
    public var temperature: Float
    /// The best similarity below which the prediction is "none of these" (default 0.2).
    public var noneThreshold: Float

    /// Creates a classifier over `labels` (at least one).
    public init(labels: [Label], temperature: Float = 0.05, noneThreshold: Float = 0.2) {
        self.labels = labels
        self.temperature = max(temperature, 1e-4)
        self.noneThreshold = noneThreshold
    }

    /// Scores one text embedding against the label embeddings (same order as ``labels``).
    /// - Returns: The prediction; with no labels, "none of these" with confidence 0.
    public func classify(_ embedding: [Float], labelEmbeddings: [[Float]]) -> Prediction {
        let count = min(self.labels.count, labelEmbeddings.count)
        guard count > 0 else { return Prediction(label: nil, confidence: 0, scores: []) }
        let similarities = (0..<count).map { VectorSimilarity.cosine(embedding, labelEmbeddings[$0]) }
        let largest = similarities.max()!
        let weights = similarities.map { ((($0 - largest) / self.temperature) as Float).exponential }
        let total = weights.reduce(0, +)
        var scores = (0..<count).map { (label: self.labels[$0].name, probability: weights[$0] / total,
                                        similarity: similarities[$0]) }
        scores.sort { $0.probability > $1.probability }
        let best = scores[0]
        return Prediction(label: best.similarity >= self.noneThreshold ? best.label : nil,
                          confidence: best.probability, scores: scores)
    }

    /// Classifies `texts` with `embedder` (label descriptions are embedded once per call).
    public func classify(_ texts: [String], embedder: SentenceEmbedder) -> [Prediction] {
        let labelEmbeddings = embedder.embed(self.labels.map(\.description))
        return embedder.embed(texts).map { self.classify($0, labelEmbeddings: labelEmbeddings) }
    }
}

extension Float {
    /// `e^self` (via the vector kernel, so no libm import is needed here).
    var exponential: Float { VectorMath.exp(SIMD16(repeating: self))[0] }
}
