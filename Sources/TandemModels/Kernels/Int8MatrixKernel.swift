import CTandemKernels

/// `C[m×n] (+)= A[m×k]·Bᵀ` with `A` in floats and `B` a ``QuantizedMatrix`` (`[n, k]`): each row of `A` is
/// quantised symmetrically with its own scale (to 14 bits where the sums allow it, see
/// ``QuantizedMatrix/activationLimit(k:)``; the 16-bit lanes cost the same), dot products are summed exactly in
/// 32-bit integers and scaled back: `C[i][j] = sa[i]·sb[j]·Σ qa[i][p]·qb[j][p]`.
///
/// The products run on the kernel `B` was quantised for (``QuantizedMatrix/kernel``): the C kernels of
/// CTandemKernels (AVX2, AVX-512BW, AVX-512 VNNI, chosen at load from CPUID), or the portable Swift one below: one
/// widening multiply-add per 8 lanes (`pmaddwd` on x86-64's baseline SSE2, `smlal` on arm64) in a 3-row × 3-column
/// register tile (nine accumulators, three weights and a row fit SSE2's 16 registers). All give the same bits.
package enum Int8MatrixKernel {
    /// Runs the product. `scratch` holds at least `m · b.activationStride` values and `rowScales` at least `m`
    /// floats.
    package static func multiplyTransposed(
        m: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: QuantizedMatrix,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int,
        scratch: UnsafeMutablePointer<Int16>, rowScales: UnsafeMutablePointer<Float>
    ) {
        precondition(b.columns == k, "inner dimensions differ")
        let limit = QuantizedMatrix.activationLimit(k: k)
        let stride = b.activationStride
        ComputeThreads.forEachRange(m, threads: threads, minimumPerThread: 32) { start, end in
            for row in start..<end {
                rowScales[row] = QuantizedMatrix.quantizeRow(a + row * lda, count: k, limit: limit,
                                                             into: scratch + row * stride, kernel: b.kernel)
                if stride > k { (scratch + row * stride + k).update(repeating: 0, count: stride - k) }
            }
        }
        let n = b.rows
        guard b.kernel.usesPackedWeights else {
            ComputeThreads.forEachRange((n + 2) / 3, threads: threads, minimumPerThread: 8) { startTile, endTile in
                block(m: m, columns: (startTile * 3)..<min(n, endTile * 3), k: k, a: scratch, rowScales: rowScales,
                      b: b, c: c, ldc: ldc, accumulate: accumulate)
            }
            return
        }
        // The output columns split across the threads in whole register tiles; each thread reads all of A.
        let panel = b.kernel.panelColumns, code = b.kernel.code
        let values = UnsafePointer(b.values), scales = UnsafePointer(b.scales)
        ComputeThreads.forEachRange((n + panel - 1) / panel, threads: threads) { startPanel, endPanel in
            tandem_int8_multiply(code, m, n, k, scratch, stride, values, rowScales, scales, c, ldc,
                                 accumulate ? 1 : 0, startPanel * panel, min(n, endPanel * panel))
        }
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Int16>) -> SIMD8<Int16> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Int16>.self)
    }

    /// Sums adjacent products of `x·w` into four 32-bit lanes (compiles to one `pmaddwd`).
    @inline(__always)
    private static func multiplyAdd(_ x: SIMD8<Int16>, _ w: SIMD8<Int16>) -> SIMD4<Int32> {
        let products = SIMD8<Int32>(truncatingIfNeeded: x) &* SIMD8<Int32>(truncatingIfNeeded: w)
        return products.evenHalf &+ products.oddHalf
    }

    private static func block(
        m: Int, columns: Range<Int>, k: Int, a: UnsafePointer<Int16>, rowScales: UnsafePointer<Float>,
        b: QuantizedMatrix, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        let k8 = k & ~7
        let values = UnsafePointer(b.values), scales = b.scales
        var j = columns.lowerBound
        while j + 3 <= columns.upperBound {
            let b0 = values + j * k, b1 = b0 + k, b2 = b1 + k
            let scale0 = scales[j], scale1 = scales[j + 1], scale2 = scales[j + 2]
            var i = 0
            while i + 3 <= m {
                let a0 = a + i * k, a1 = a0 + k, a2 = a1 + k
                var s00 = SIMD4<Int32>(), s01 = SIMD4<Int32>(), s02 = SIMD4<Int32>()
                var s10 = SIMD4<Int32>(), s11 = SIMD4<Int32>(), s12 = SIMD4<Int32>()
                var s20 = SIMD4<Int32>(), s21 = SIMD4<Int32>(), s22 = SIMD4<Int32>()
                var p = 0
                while p < k8 {
                    let w0 = load(b0 + p), w1 = load(b1 + p), w2 = load(b2 + p)
                    var x = load(a0 + p)
                    s00 &+= multiplyAdd(x, w0); s01 &+= multiplyAdd(x, w1); s02 &+= multiplyAdd(x, w2)
                    x = load(a1 + p)
                    s10 &+= multiplyAdd(x, w0); s11 &+= multiplyAdd(x, w1); s12 &+= multiplyAdd(x, w2)
                    x = load(a2 + p)
                    s20 &+= multiplyAdd(x, w0); s21 &+= multiplyAdd(x, w1); s22 &+= multiplyAdd(x, w2)
                    p &+= 8
                }
                let tile = Tile(b0: b0, b1: b1, b2: b2, k8: k8, k: k, column: j, scales: (scale0, scale1, scale2))
                tile.finish(row: i, s00, s01, s02, a: a, rowScales: rowScales, c: c, ldc: ldc, accumulate: accumulate)
                tile.finish(row: i + 1, s10, s11, s12, a: a, rowScales: rowScales, c: c, ldc: ldc,
                            accumulate: accumulate)
                tile.finish(row: i + 2, s20, s21, s22, a: a, rowScales: rowScales, c: c, ldc: ldc,
                            accumulate: accumulate)
                i += 3
            }
            while i < m {
                for column in j..<(j + 3) {
                    single(row: i, column: column, k: k, a: a, rowScales: rowScales, b: b, c: c, ldc: ldc,
                           accumulate: accumulate)
                }
                i += 1
            }
            j += 3
        }
        while j < columns.upperBound {
            for i in 0..<m {
                single(row: i, column: j, k: k, a: a, rowScales: rowScales, b: b, c: c, ldc: ldc,
                       accumulate: accumulate)
            }
            j += 1
        }
    }

    /// The three weight rows of a register tile and their scales, to finish one output row.
    private struct Tile {
        let b0: UnsafePointer<Int16>, b1: UnsafePointer<Int16>, b2: UnsafePointer<Int16>
        let k8: Int, k: Int, column: Int
        let scales: (Float, Float, Float)

        @inline(__always)
        func finish(
            row: Int, _ s0: SIMD4<Int32>, _ s1: SIMD4<Int32>, _ s2: SIMD4<Int32>, a: UnsafePointer<Int16>,
            rowScales: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
        ) {
            let x = a + row * self.k
            let t0 = s0.wrappedSum() &+ tail(x, self.b0, from: self.k8, to: self.k)
            let t1 = s1.wrappedSum() &+ tail(x, self.b1, from: self.k8, to: self.k)
            let t2 = s2.wrappedSum() &+ tail(x, self.b2, from: self.k8, to: self.k)
            let scale = rowScales[row]
            store(c + row * ldc + self.column, Float(t0) * scale * self.scales.0, Float(t1) * scale * self.scales.1,
                  Float(t2) * scale * self.scales.2, accumulate)
        }
    }

    @inline(__always)
    private static func tail(_ x: UnsafePointer<Int16>, _ w: UnsafePointer<Int16>, from: Int, to: Int) -> Int32 {
        var total: Int32 = 0
        var p = from
        while p < to {
            total &+= Int32(x[p]) &* Int32(w[p])
            p += 1
        }
        return total
    }

    @inline(__always)
    private static func store(_ out: UnsafeMutablePointer<Float>, _ x: Float, _ y: Float, _ z: Float,
                              _ accumulate: Bool) {
        if accumulate {
            out[0] += x; out[1] += y; out[2] += z
        } else {
            out[0] = x; out[1] = y; out[2] = z
        }
    }

    @inline(__always)
    private static func single(
        row: Int, column: Int, k: Int, a: UnsafePointer<Int16>, rowScales: UnsafePointer<Float>,
        b: QuantizedMatrix, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        let x = a + row * k, w = UnsafePointer(b.values) + column * k
        var sum = SIMD4<Int32>()
        var p = 0
        while p + 8 <= k {
            sum &+= multiplyAdd(load(x + p), load(w + p))
            p += 8
        }
        let total = sum.wrappedSum() + tail(x, w, from: p, to: k)
        let value = Float(total) * rowScales[row] * b.scales[column]
        let out = c + row * ldc + column
        out.pointee = accumulate ? out.pointee + value : value
    }
}
