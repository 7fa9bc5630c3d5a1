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
        self.blas?.setThreads(self.threads)
    }

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
            blas.sgemm(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: true,
                       beta: accumulate ? 1 : 0, c: c, ldc: ldc)
        } else {
            SIMDMatrixKernel.multiplyTransposed(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                                                accumulate: accumulate, threads: threads ?? self.threads)
        }
    }
}
