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

    /// The precision to load for this request: ``automatic`` becomes ``float32`` when OpenBLAS multiplies the fp32
    /// weights and ``int8`` otherwise; the others stay as they are.
    ///
    /// Measured on x86-64 (Zen 4, one and two threads): OpenBLAS's AVX-512 fp32 kernel and the int8 kernel reach the
    /// same multiply-adds per cycle (16: the int8 kernel is Swift SIMD compiled for baseline x86-64, one 8-lane
    /// `pmaddwd` per 8 products), and fp32 loses no accuracy, so fp32 wins (128 tokens, one thread: 36 vs 42 ms);
    /// the portable Swift fp32 kernel is 3× slower than int8.
    package func resolved(openBLAS: Bool) -> WeightPrecision {
        guard self.kind == .automatic else { return self }
        return openBLAS ? .float32 : .int8
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
