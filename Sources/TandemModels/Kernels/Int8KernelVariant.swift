import CTandemKernels

/// Which implementation runs the int8 products: the portable Swift kernel (baseline SSE2 or NEON), or one of the C
/// kernels compiled per function for AVX2, AVX-512BW or AVX-512 VNNI (CTandemKernels), chosen once at load from
/// CPUID.
///
/// The variants differ in speed only: every one sums the same integer products exactly and scales them in the same
/// order, so their results are identical bit for bit (the tests hold them to that). A variant fixes the weights'
/// memory layout (``QuantizedMatrix`` packs them for the C kernels), so a matrix is multiplied by the variant it was
/// quantised for.
package struct Int8KernelVariant: Sendable, Hashable, CustomStringConvertible {
    /// The `TANDEM_INT8_*` constant of CTandemKernels.h.
    package let code: Int32

    /// The Swift kernel, in rows of 16-bit values: every CPU.
    package static let portable = Int8KernelVariant(code: TANDEM_INT8_PORTABLE)
    /// 256-bit `vpmaddwd` + `vpaddd` on packed weights.
    package static let avx2 = Int8KernelVariant(code: TANDEM_INT8_AVX2)
    /// 512-bit `vpmaddwd` + `vpaddd` on packed weights.
    package static let avx512BW = Int8KernelVariant(code: TANDEM_INT8_AVX512BW)
    /// 512-bit `vpdpwssd` on packed weights.
    package static let avx512VNNI = Int8KernelVariant(code: TANDEM_INT8_AVX512VNNI)

    /// Every variant, slowest first.
    package static let all: [Int8KernelVariant] = [.portable, .avx2, .avx512BW, .avx512VNNI]

    /// The variants this CPU runs.
    package static var supported: [Int8KernelVariant] { Self.all.filter(\.isSupported) }

    /// The variant new weights are quantised for: the one named by `TANDEM_INT8_KERNEL` (`portable`, `avx2`,
    /// `avx512bw`, `avx512vnni`) when this CPU supports it, otherwise the fastest supported one.
    package static let selected: Int8KernelVariant = {
        if let name = ProcessInfoLite.environment("TANDEM_INT8_KERNEL"), let forced = Int8KernelVariant(name: name),
            forced.isSupported
        {
            return forced
        }
        return Int8KernelVariant(code: tandem_int8_best_variant())
    }()

    /// Whether this CPU (and the OS's saved vector state) supports the variant.
    package var isSupported: Bool { tandem_int8_supports(self.code) != 0 }

    /// Whether the weights are held in the C kernels' packed layout (blocks of 16 output channels).
    package var usesPackedWeights: Bool { self != .portable }

    /// Output channels one register tile of the C kernel covers; the threads split the columns in these units.
    package var panelColumns: Int {
        switch self {
        case .avx512BW, .avx512VNNI: 48
        default: 16
        }
    }

    /// `portable`, `avx2`, `avx512bw` or `avx512vnni`.
    package var description: String {
        switch self {
        case .avx2: "avx2"
        case .avx512BW: "avx512bw"
        case .avx512VNNI: "avx512vnni"
        default: "portable"
        }
    }

    /// The variant with this ``description`` (any case), `nil` for other names.
    package init?(name: String) {
        guard let variant = Self.all.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = variant
    }

    private init(code: Int32) {
        self.code = code
    }
}
