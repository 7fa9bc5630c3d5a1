/// Which matrix-product implementation the encoder uses.
public struct ComputeBackend: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: String, Sendable, Hashable {
        case automatic, openBLAS, swiftSIMD
    }

    private let kind: Kind

    /// OpenBLAS when the library can be loaded (unless `TANDEM_GEMM=swift`), otherwise the Swift SIMD kernel.
    public static let automatic = ComputeBackend(kind: .automatic)
    /// OpenBLAS's `cblas_sgemm` (falls back to the Swift kernel if the library is not installed).
    public static let openBLAS = ComputeBackend(kind: .openBLAS)
    /// The portable Swift SIMD kernel.
    public static let swiftSIMD = ComputeBackend(kind: .swiftSIMD)

    public var description: String { self.kind.rawValue }

    var prefersOpenBLAS: Bool {
        switch self.kind {
        case .automatic:
            if let choice = ProcessInfoLite.environment("TANDEM_GEMM"), choice.lowercased() == "swift" { return false }
            return true
        case .openBLAS: return true
        case .swiftSIMD: return false
        }
    }
}

/// `C = A·Bᵀ (+ C)` on the chosen backend, with a fixed thread count.
package struct MatrixMultiplier: Sendable {
    package let blas: OpenBLAS?
    package let threads: Int

    package init(backend: ComputeBackend, threads: Int) {
        self.threads = max(1, threads)
        self.blas = backend.prefersOpenBLAS ? OpenBLAS.shared : nil
        // Tandem splits the work across its own threads; OpenBLAS's pool would only spin against them.
        self.blas?.setThreads(1)
    }

    /// Up to this many rows (tokens), products go to OpenBLAS in column blocks of ``smallColumns`` (measured: it
    /// helps a 16-token query and slows a 128-token text).
    static let smallRows = 32
    static let smallColumns = 32

    /// The implementation in use, for reports: `openblas` or `swift-simd`.
    package var name: String { self.blas == nil ? "swift-simd" : "openblas" }

    /// `C[m×n] = A[m×k]·B[n×k]ᵀ`, or `C += A·Bᵀ` when `accumulate`.
    @inline(__always)
    package func multiplyTransposed(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, threads: Int? = nil
    ) {
        if let blas {
            Self.product(blas, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: true, c: c, ldc: ldc,
                         accumulate: accumulate, threads: threads ?? self.threads)
        } else {
            SIMDMatrixKernel.multiplyTransposed(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                                                accumulate: accumulate, threads: threads ?? self.threads)
        }
    }

    /// `C = A·op(B)` (or `C += A·op(B)`) on OpenBLAS, `op(B)` = `Bᵀ` for `B[n×k]` when `transposeB`, `B[k×n]`
    /// itself otherwise; split across `threads`.
    private static func product(
        _ blas: OpenBLAS, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
        ldb: Int, transposeB: Bool, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int
    ) {
        let beta: Float = accumulate ? 1 : 0
        // Where output column `column` starts in B.
        let columnStride = transposeB ? ldb : 1
        if m >= n {  // split the rows: each thread packs the weights once for many rows
            ComputeThreads.forEachRange(m, threads: threads, minimumPerThread: 32) { start, end in
                blas.sgemm(m: end - start, n: n, k: k, a: a + start * lda, lda: lda, b: b, ldb: ldb,
                           transposeB: transposeB, beta: beta, c: c + start * ldc, ldc: ldc)
            }
            return
        }
        // Split the output columns (weight rows): few rows, as in one short text.
        ComputeThreads.forEachRange(n / 16, threads: threads, minimumPerThread: 4) { start, end in
            let first = start * 16, last = end == n / 16 ? n : end * 16
            if m <= Self.smallRows {
                // A short text: in calls this narrow OpenBLAS takes its small-matrix kernel, which reads the
                // weights in place instead of packing a copy of all of them first (the copy was 60% of a 16-token
                // query: 9.3 -> 7.4 ms median on one Zen 4 thread).
                var column = first
                while column < last {
                    let width = min(Self.smallColumns, last - column)
                    blas.sgemm(m: m, n: width, k: k, a: a, lda: lda, b: b + column * columnStride, ldb: ldb,
                               transposeB: transposeB, beta: beta, c: c + column, ldc: ldc)
                    column += width
                }
                return
            }
            blas.sgemm(m: m, n: last - first, k: k, a: a, lda: lda, b: b + first * columnStride, ldb: ldb,
                       transposeB: transposeB, beta: beta, c: c + first, ldc: ldc)
        }
    }

    /// `C[m×n] = A[m×k]·Wᵀ` (or `C += A·Wᵀ`) for a dense layer's weight `W` (`[n, k]`), in its precision and
    /// layout; the int8 path quantises `A` into the workspace's scratch.
    @inline(__always)
    package func multiply(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, weight: DenseWeight,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, workspace: EncoderWorkspace
    ) {
        switch weight {
        case .float32(let b):
            self.multiplyTransposed(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: k, c: c, ldc: ldc,
                                    accumulate: accumulate)
        case .float32Transposed(let b):
            guard let blas else { preconditionFailure("transposed weights are laid out for OpenBLAS only") }
            Self.product(blas, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: n, transposeB: false, c: c, ldc: ldc,
                         accumulate: accumulate, threads: self.threads)
        case .int8(let b):
            Int8MatrixKernel.multiplyTransposed(m: m, k: k, a: a, lda: lda, b: b, c: c, ldc: ldc,
                                                accumulate: accumulate, threads: self.threads,
                                                scratch: workspace.quantized, rowScales: workspace.rowScales)
        }
    }
}
