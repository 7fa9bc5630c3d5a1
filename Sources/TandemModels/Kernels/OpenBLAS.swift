#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// OpenBLAS's `cblas_sgemm`, loaded at run time with `dlopen` when the library is installed.
///
/// Loading at run time keeps OpenBLAS optional: the binary builds and runs without it (the Swift SIMD kernel takes
/// over), and uses its run-time-dispatched AVX2/AVX-512 kernels where it is present (`libopenblas0` on Debian, or
/// a `libopenblas.so.0` next to the binary or in a Lambda layer's `/opt/lib`).
// @unchecked Sendable: holds only immutable C function pointers and the library handle, never closed.
package final class OpenBLAS: @unchecked Sendable {
    typealias Sgemm = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
        Float, UnsafeMutablePointer<Float>?, Int32
    ) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void

    private let sgemmFunction: Sgemm
    private let setThreadsFunction: SetThreads?
    /// The file that was loaded.
    package let libraryName: String

    /// The library, if one of the usual names loads (`$TANDEM_OPENBLAS` first); `nil` otherwise.
    package static let shared: OpenBLAS? = OpenBLAS.load()

    private init(sgemm: Sgemm, setThreads: SetThreads?, libraryName: String) {
        self.sgemmFunction = sgemm
        self.setThreadsFunction = setThreads
        self.libraryName = libraryName
    }

    private static func load() -> OpenBLAS? {
        var names = ["libopenblas.so.0", "libopenblas.so", "/opt/lib/libopenblas.so.0", "libopenblas.dylib"]
        if let custom = getenv("TANDEM_OPENBLAS") { names.insert(String(cString: custom), at: 0) }
        // Tandem runs OpenBLAS on its own threads, one call per thread: without this its constructor would start a
        // pool of worker threads that are never used.
        setenv("OPENBLAS_NUM_THREADS", "1", 0)
        for name in names {
            // RTLD_LAZY: binding the library's thousands of symbols up front was most of the 5 ms its loading took.
            guard let handle = dlopen(name, RTLD_LAZY | RTLD_LOCAL) else { continue }
            guard let symbol = dlsym(handle, "cblas_sgemm") else { continue }
            let setThreads = dlsym(handle, "openblas_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) }
            return OpenBLAS(sgemm: unsafeBitCast(symbol, to: Sgemm.self), setThreads: setThreads, libraryName: name)
        }
        return nil
    }

    /// Sets OpenBLAS's own thread pool size.
    package func setThreads(_ count: Int) {
        self.setThreadsFunction?(Int32(count))
    }

    /// Row-major `C = A × op(B) + beta × C`, `op(B)` = `Bᵀ` when `transposeB`.
    package func sgemm(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        self.sgemmFunction(
            101, 111, transposeB ? 112 : 111, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c,
            Int32(ldc)
        )
    }
}
