/// A portable Swift SIMD matrix product for weights stored as PyTorch keeps them (`[out, in]`, rows contiguous).
///
/// `C[m×n] = A[m×k] · B[n×k]ᵀ (+ C)`: every output is a dot product of two contiguous rows, so the weights are
/// used in place (no packed copy, no extra memory). The register tile is 4 rows of A by 3 rows of B with 4-lane
/// accumulators, which fits the 16 vector registers of baseline x86-64 and arm64 without spilling.
package enum SIMDMatrixKernel {
    /// Computes `C = A·Bᵀ` (or `C += A·Bᵀ` when `accumulate`), splitting the columns across `threads`.
    package static func multiplyTransposed(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, threads: Int
    ) {
        ComputeThreads.forEachRange((n + 2) / 3, threads: threads, minimumPerThread: 8) { startTile, endTile in
            let columnStart = startTile * 3
            let columnEnd = min(n, endTile * 3)
            block(m: m, columns: columnStart..<columnEnd, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                  accumulate: accumulate)
        }
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
    }

    private static func block(
        m: Int, columns: Range<Int>, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool
    ) {
        let k4 = k & ~3
        var j = columns.lowerBound
        while k4 == k, j + 3 <= columns.upperBound {
            let b0 = b + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb
            var i = 0
            while i + 4 <= m {
                let a0 = a + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda
                var s00 = SIMD4<Float>(), s01 = SIMD4<Float>(), s02 = SIMD4<Float>()
                var s10 = SIMD4<Float>(), s11 = SIMD4<Float>(), s12 = SIMD4<Float>()
                var s20 = SIMD4<Float>(), s21 = SIMD4<Float>(), s22 = SIMD4<Float>()
                var s30 = SIMD4<Float>(), s31 = SIMD4<Float>(), s32 = SIMD4<Float>()
                var p = 0
                while p < k4 {
                    let w0 = load(b0 + p), w1 = load(b1 + p), w2 = load(b2 + p)
                    var x = load(a0 + p)
                    s00 += x * w0; s01 += x * w1; s02 += x * w2
                    x = load(a1 + p)
                    s10 += x * w0; s11 += x * w1; s12 += x * w2
                    x = load(a2 + p)
                    s20 += x * w0; s21 += x * w1; s22 += x * w2
                    x = load(a3 + p)
                    s30 += x * w0; s31 += x * w1; s32 += x * w2
                    p += 4
                }
                store(c + i * ldc + j, s00.sum(), s01.sum(), s02.sum(), accumulate)
                store(c + (i + 1) * ldc + j, s10.sum(), s11.sum(), s12.sum(), accumulate)
                store(c + (i + 2) * ldc + j, s20.sum(), s21.sum(), s22.sum(), accumulate)
                store(c + (i + 3) * ldc + j, s30.sum(), s31.sum(), s32.sum(), accumulate)
                i += 4
            }
            while i < m {
                for column in 0..<3 {
                    single(row: i, column: j + column, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                           accumulate: accumulate)
                }
                i += 1
            }
            j += 3
        }
        while j < columns.upperBound {
            for i in 0..<m {
                single(row: i, column: j, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate)
            }
            j += 1
        }
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
        row: Int, column: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool
    ) {
        let x = a + row * lda, w = b + column * ldb
        var sum = SIMD4<Float>()
        var p = 0
        while p + 4 <= k {
            sum += load(x + p) * load(w + p)
            p += 4
        }
        var total = sum.sum()
        while p < k {
            total += x[p] * w[p]
            p += 1
        }
        let out = c + row * ldc + column
        out.pointee = accumulate ? out.pointee + total : total
    }
}
