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

    /// Up to this many rows (tokens), weight products go to OpenBLAS in tiles of ``tileRows`` × ``tileColumns``.
    ///
    /// Calls that small take OpenBLAS's small-matrix kernel, which reads the weights in place; a full-size call
    /// first packs a copy of all of them (its `sgemm_incopy`: 14% of a 128-token text, with weights that come
    /// from memory rather than cache). Each weight tile (16 rows × k) is used for every 32-row slice of the
    /// activations while it is in cache, and the activations (at most 128 × k) stay in L2. Measured on one Zen 4
    /// thread with all-MiniLM-L6-v2's six layers of weights: 86 → 92 GFLOP/s for the k = 384 products and 91 → 98
    /// for k = 1,536 (a 128-token text 35.8 → 33.9 ms). Past 128 rows the activations outgrow L2 and packing pays
    /// for itself.
    static let tiledRows = 128
    static let tileRows = 32
    static let tileColumns = 16

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
            Self.product(blas, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                         accumulate: accumulate, threads: threads ?? self.threads)
        } else {
            SIMDMatrixKernel.multiplyTransposed(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                                                accumulate: accumulate, threads: threads ?? self.threads)
        }
    }

    /// `C = A·Bᵀ` (or `C += A·Bᵀ`) on OpenBLAS for `B[n×k]`, split across `threads`.
    private static func product(
        _ blas: OpenBLAS, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
        ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int
    ) {
        let beta: Float = accumulate ? 1 : 0
        if m <= Self.tiledRows {
            // Few rows (one text): tiles (see `tiledRows`), the output columns split across the threads.
            let blocks = (n + Self.tileColumns - 1) / Self.tileColumns
            ComputeThreads.forEachRange(blocks, threads: threads, minimumPerThread: 4) { start, end in
                var column = start * Self.tileColumns
                let last = min(n, end * Self.tileColumns)
                while column < last {
                    let width = min(Self.tileColumns, last - column)
                    var row = 0
                    while row < m {
                        let rows = min(Self.tileRows, m - row)
                        blas.sgemm(m: rows, n: width, k: k, a: a + row * lda, lda: lda, b: b + column * ldb,
                                   ldb: ldb, transposeB: true, beta: beta, c: c + row * ldc + column, ldc: ldc)
                        row += rows
                    }
                    column += width
                }
            }
            return
        }
        // Many rows (a batch): one packed product per thread, each on its own rows.
        ComputeThreads.forEachRange(m, threads: threads, minimumPerThread: 32) { start, end in
            blas.sgemm(m: end - start, n: n, k: k, a: a + start * lda, lda: lda, b: b, ldb: ldb, transposeB: true,
                       beta: beta, c: c + start * ldc, ldc: ldc)
        }
    }

    /// `C[m×n] = A[m×k]·Wᵀ` (or `C += A·Wᵀ`) for a dense layer's weight `W` (`[n, k]`), in its precision; the
    /// int8 path quantises `A` into the workspace's scratch.
    @inline(__always)
    package func multiply(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, weight: DenseWeight,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, workspace: EncoderWorkspace
    ) {
        switch weight {
        case .float32(let b):
            self.multiplyTransposed(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: k, c: c, ldc: ldc,
                                    accumulate: accumulate)
        case .int8(let b):
            Int8MatrixKernel.multiplyTransposed(m: m, k: k, a: a, lda: lda, b: b, c: c, ldc: ldc,
                                                accumulate: accumulate, threads: self.threads,
                                                scratch: workspace.quantized, rowScales: workspace.rowScales)
        }
    }
}
