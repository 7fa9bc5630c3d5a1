import Testing
import TandemModels

/// The C int8 kernels (AVX2, AVX-512BW, AVX-512 VNNI) against the portable Swift kernel: each variant this CPU
/// supports must give the portable kernel's results bit for bit, on shapes off every tile and lane boundary.
@Suite("int8 kernel variants")
struct Int8KernelVariantTests {
    /// Runs `C (+)= A·Bᵀ` with `B` quantised for `kernel`.
    static func product(
        kernel: Int8KernelVariant, m: Int, n: Int, k: Int, a: [Float], b: [Float], start: [Float]?, threads: Int
    ) -> [Float] {
        let matrix = b.withUnsafeBufferPointer {
            QuantizedMatrix(quantizing: $0.baseAddress!, rows: n, columns: k, kernel: kernel)
        }
        #expect(matrix.kernel == kernel)
        var c = start ?? [Float](repeating: .nan, count: m * n)
        // Scratch filled with garbage: the kernels must write (and zero-pad) every value they read.
        let scratch = UnsafeMutablePointer<Int16>.allocate(capacity: m * matrix.activationStride)
        scratch.initialize(repeating: 0x5A5A, count: m * matrix.activationStride)
        let scales = UnsafeMutablePointer<Float>.allocate(capacity: m)
        defer {
            scratch.deallocate()
            scales.deallocate()
        }
        a.withUnsafeBufferPointer { a in
            c.withUnsafeMutableBufferPointer { c in
                Int8MatrixKernel.multiplyTransposed(
                    m: m, k: k, a: a.baseAddress!, lda: k, b: matrix, c: c.baseAddress!, ldc: n,
                    accumulate: start != nil, threads: threads, scratch: scratch, rowScales: scales)
            }
        }
        return c
    }

    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 16, 2), (7, 17, 3), (8, 48, 384), (9, 49, 385), (13, 95, 127), (16, 1_152, 384),
        (25, 33, 1_536), (97, 40, 70), (200, 64, 31),
    ]

    @Test("every supported variant equals the portable kernel bit for bit (odd m, n, k; 1 and 2 threads)",
          arguments: shapes)
    func sameBitsAsPortable(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var numbers = Int8WeightsTests.Numbers(state: 0x2545_F491_4F6C_DD1D &+ UInt64(m * 7_919 + n * 31 + k))
        // Activations with a wide spread (a few large values, as after GELU), weights around zero.
        let a = (0..<(m * k)).map { index in numbers.next() * (index % 37 == 0 ? 40 : 2) }
        let b = (0..<(n * k)).map { _ in numbers.next() * 0.08 }
        let start = (0..<(m * n)).map { Float($0 % 11) * 0.5 - 2 }
        let variants = Int8KernelVariant.supported.filter { $0 != .portable }
        for accumulate in [false, true] {
            let expected = Self.product(kernel: .portable, m: m, n: n, k: k, a: a, b: b,
                                        start: accumulate ? start : nil, threads: 1)
            #expect(!expected.contains { $0.isNaN })
            for variant in variants {
                for threads in [1, 2] {
                    let actual = Self.product(kernel: variant, m: m, n: n, k: k, a: a, b: b,
                                              start: accumulate ? start : nil, threads: threads)
                    let differing = zip(actual, expected).filter { $0.bitPattern != $1.bitPattern }.count
                    #expect(differing == 0, "\(variant), \(threads) threads, accumulate \(accumulate)")
                }
            }
        }
    }

    @Test("the portable variant is always supported; the selection is a supported one; names round-trip")
    func selection() {
        #expect(Int8KernelVariant.portable.isSupported)
        #expect(Int8KernelVariant.selected.isSupported)
        #expect(Int8KernelVariant.supported.contains(.selected))
        for variant in Int8KernelVariant.all {
            #expect(Int8KernelVariant(name: variant.description.uppercased()) == variant)
        }
        #expect(Int8KernelVariant(name: "avx1024") == nil)
        // AVX-512 implies AVX2 here: support is a chain, so the list of supported variants is a prefix.
        let supported = Int8KernelVariant.supported
        #expect(supported == Array(Int8KernelVariant.all.prefix(supported.count)))
    }

    @Test("packed weights hold the quantised values in blocks of 16 rows with column pairs interleaved, zero padded")
    func packedLayout() throws {
        let variant = try #require(Int8KernelVariant.supported.last { $0 != .portable },
                                   "no C kernel on this CPU")
        let n = 18, k = 5
        // Row r, column p holds (r + 1) · (p + 1): every row's largest magnitude is at p = 4, so its values quantise
        // to round(127 · (p + 1) / 5) whatever the row.
        let weights = (0..<(n * k)).map { Float(($0 / k + 1) * ($0 % k + 1)) }
        let packed = weights.withUnsafeBufferPointer {
            QuantizedMatrix(quantizing: $0.baseAddress!, rows: n, columns: k, kernel: variant)
        }
        let portable = weights.withUnsafeBufferPointer {
            QuantizedMatrix(quantizing: $0.baseAddress!, rows: n, columns: k, kernel: .portable)
        }
        #expect(packed.activationStride == 6)
        #expect(portable.activationStride == 5)
        let depth = 6
        for block in 0..<2 {
            for pair in 0..<(depth / 2) {
                for lane in 0..<16 {
                    let row = block * 16 + lane
                    for half in 0..<2 {
                        let column = 2 * pair + half
                        let value = packed.values[block * 16 * depth + pair * 32 + lane * 2 + half]
                        let expected = row < n && column < k ? portable.values[row * k + column] : 0
                        #expect(value == expected, "row \(row), column \(column)")
                    }
                }
            }
        }
        #expect(portable.values[0] == 25 && portable.values[4] == 127)
    }
    @Test("bias + GELU on each supported vector unit gives the portable kernel's bits (widths off 16, extremes)",
          arguments: [1, 15, 16, 40, 1_536])
    func biasGELUSameBits(width: Int) {
        let rows = 5
        var numbers = Int8WeightsTests.Numbers(state: 0x9E37_79B9 &+ UInt64(width))
        // Values across erf's clamp at ±4·√2, tiny ones, zeros, infinities and a NaN.
        var input = (0..<(rows * width)).map { index in numbers.next() * (index % 3 == 0 ? 9 : 1.5) }
        let specials: [Float] = [0, -0.0, 1e-30, -7, 7, .infinity, -.infinity, .nan, 5.656_854, -5.656_854]
        for (index, value) in specials.enumerated() where index < input.count { input[index * 3 % input.count] = value }
        let bias = (0..<width).map { _ in numbers.next() * 0.5 }
        func run(_ kernel: Int8KernelVariant) -> [Float] {
            var x = input
            x.withUnsafeMutableBufferPointer { x in
                bias.withUnsafeBufferPointer { bias in
                    VectorKernels.biasGELU(x.baseAddress!, rows: rows, width: width, bias: bias.baseAddress!,
                                           kernel: kernel)
                }
            }
            return x
        }
        let expected = run(.portable)
        #expect(expected.contains { $0 > 1 })
        for kernel in Int8KernelVariant.supported where kernel != .portable {
            let actual = run(kernel)
            let differing = zip(actual, expected).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "\(kernel), width \(width)")
        }
    }
    @Test("row quantisation on each supported vector unit gives the portable scale and values bit for bit",
          arguments: [1, 7, 8, 9, 15, 16, 17, 24, 31, 384, 1_537])
    func quantizeRowSameBits(count: Int) {
        var numbers = Int8WeightsTests.Numbers(state: 0xD1B5_4A32_D192_ED03 &+ UInt64(count))
        var rows: [[Float]] = [
            (0..<count).map { _ in numbers.next() * 3 },
            (0..<count).map { index in index % 5 == 0 ? numbers.next() * 1e4 : numbers.next() * 1e-3 },
            [Float](repeating: 0, count: count),
            [Float](repeating: -0.0, count: count),
            (0..<count).map { Float($0 % 3) - 1 },  // ties: ±limit and 0 exactly
        ]
        var withNaN = (0..<count).map { _ in numbers.next() }
        withNaN[count / 2] = .nan
        rows.append(withNaN)
        var withInfinity = (0..<count).map { _ in numbers.next() }
        withInfinity[count - 1] = -.infinity
        rows.append(withInfinity)
        var halfway = (0..<count).map { _ in numbers.next() }
        halfway[0] = 1  // the row maximum; 0.5/127 steps land on .5 ties for the values below
        for index in 1..<count { halfway[index] = (Float(index % 9) + 0.5) / 127 }
        rows.append(halfway)
        for limit in [127, 8_191] {
            for row in rows {
                var expected = [Int16](repeating: 0x5A5A, count: count)
                let expectedScale = row.withUnsafeBufferPointer { source in
                    QuantizedMatrix.quantizeRow(source.baseAddress!, count: count, limit: limit,
                                                into: &expected, kernel: .portable)
                }
                for kernel in Int8KernelVariant.supported where kernel != .portable {
                    var actual = [Int16](repeating: 0x2B2B, count: count)
                    let scale = row.withUnsafeBufferPointer { source in
                        QuantizedMatrix.quantizeRow(source.baseAddress!, count: count, limit: limit,
                                                    into: &actual, kernel: kernel)
                    }
                    #expect(scale.bitPattern == expectedScale.bitPattern, "\(kernel), limit \(limit)")
                    #expect(actual == expected, "\(kernel), limit \(limit)")
                }
            }
        }
    }
}
