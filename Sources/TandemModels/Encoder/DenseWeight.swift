/// The weight of one dense layer `W` (`[out, in]`, PyTorch's layout): 32-bit floats, or quantised to 8 bits.
package enum DenseWeight: @unchecked Sendable {
    // @unchecked Sendable: the float pointer refers to immutable weights kept alive by BertWeights.
    case float32(UnsafePointer<Float>)
    case int8(QuantizedMatrix)
}
