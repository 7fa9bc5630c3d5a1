/// Cosine similarity and centroids for embedding vectors.
public enum VectorSimilarity {
    /// The cosine of the angle between `a` and `b` (0 when either is zero; vectors of different lengths compare
    /// over the shorter one).
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, left: Float = 0, right: Float = 0
        for index in 0..<min(a.count, b.count) {
            dot += a[index] * b[index]
            left += a[index] * a[index]
            right += b[index] * b[index]
        }
        let denominator = (left * right).squareRoot()
        return denominator > 0 ? dot / denominator : 0
    }

    /// The unit-length mean of `vectors` (empty when there are none).
    public static func centroid(_ vectors: [[Float]]) -> [Float] {
        guard let first = vectors.first else { return [] }
        var sum = [Float](repeating: 0, count: first.count)
        for vector in vectors {
            for index in 0..<min(sum.count, vector.count) { sum[index] += vector[index] }
        }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? sum.map { $0 / norm } : sum
    }
}
