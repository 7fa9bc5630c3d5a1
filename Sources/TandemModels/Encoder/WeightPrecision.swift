/// The number format of the encoder's dense-layer weights.
///
/// Vectors of different precisions are close but not identical: never compare or index them together (a vector
/// index records ``description`` with every vector and refuses a mismatch).
public struct WeightPrecision: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: String, Sendable, Hashable {
        case float32 = "fp32"
        case int8 = "int8"
        case automatic = "auto"
    }

    private let kind: Kind

    /// The weights as stored in the model file (32-bit floats): the reference results.
    public static let float32 = WeightPrecision(kind: .float32)
    /// Dense-layer weights quantised to 8 bits per output channel at load, activations per row at run time, integer
    /// products with 32-bit sums; embeddings, LayerNorm and attention stay in 32-bit floats.
    public static let int8 = WeightPrecision(kind: .int8)

    /// Whichever of ``float32`` and ``int8`` is faster here, decided at load (see ``resolved(openBLAS:)``); the
    /// embedder's ``SentenceEmbedder/precision`` and ``SentenceEmbedder/variant`` then name the one chosen.
    public static let automatic = WeightPrecision(kind: .automatic)

    /// The precision to load for this request: ``automatic`` becomes ``int8`` when a C int8 kernel runs here
    /// (`int8Kernel` is AVX2 or AVX-512) or when OpenBLAS is missing, and ``float32`` only when OpenBLAS multiplies
    /// the fp32 weights and int8 has just the portable kernel; the others stay as they are.
    ///
    /// Measured on x86-64 (Zen 4): the AVX-512 VNNI int8 kernel sums 32 products per instruction, twice OpenBLAS's
    /// AVX-512 fp32 FMA, and a 128-token text takes 21 ms against 37 on one thread (the AVX2 kernel is within 10% of
    /// it here); the portable int8 kernel (SSE2 `pmaddwd`, 16 products per cycle) only matches fp32 and loses to it
    /// (42 vs 36 ms), and the portable Swift fp32 kernel is 3× slower than any int8 one. int8 vectors are a different
    /// variant (worst cosine 0.9977 against the reference): the embedder names the one chosen.
    package func resolved(openBLAS: Bool, int8Kernel: Int8KernelVariant = .selected) -> WeightPrecision {
        guard self.kind == .automatic else { return self }
        return openBLAS && !int8Kernel.usesPackedWeights ? .float32 : .int8
    }

    /// `fp32`, `int8` or `auto`.
    public var description: String { self.kind.rawValue }

    /// The precision named `fp32`/`float32`, `int8` or `auto`/`automatic`, `nil` for anything else.
    public init?(name: String) {
        switch name.lowercased() {
        case "fp32", "float32", "f32": self.kind = .float32
        case "int8", "i8", "q8": self.kind = .int8
        case "auto", "automatic": self.kind = .automatic
        default: return nil
        }
    }

    private init(kind: Kind) {
        self.kind = kind
    }
}
