/// The number format of the encoder's dense-layer weights.
///
/// Vectors of different precisions are close but not identical: never compare or index them together (a vector
/// index records ``description`` with every vector and refuses a mismatch).
public struct WeightPrecision: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: String, Sendable, Hashable {
        case float32 = "fp32"
        case int8 = "int8"
    }

    private let kind: Kind

    /// The weights as stored in the model file (32-bit floats): the reference results.
    public static let float32 = WeightPrecision(kind: .float32)
    /// Dense-layer weights quantised to 8 bits per output channel at load, activations per row at run time, integer
    /// products with 32-bit sums; embeddings, LayerNorm and attention stay in 32-bit floats.
    public static let int8 = WeightPrecision(kind: .int8)

    /// `fp32` or `int8`.
    public var description: String { self.kind.rawValue }

    /// The precision named `fp32`/`float32` or `int8`, `nil` for anything else.
    public init?(name: String) {
        switch name.lowercased() {
        case "fp32", "float32", "f32": self.kind = .float32
        case "int8", "i8", "q8": self.kind = .int8
        default: return nil
        }
    }

    private init(kind: Kind) {
        self.kind = kind
    }
}
