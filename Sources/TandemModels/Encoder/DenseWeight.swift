/// The weight of one dense layer `W` (`[out, in]` in PyTorch's layout): 32-bit floats as stored, 32-bit floats
/// transposed (`Wᵀ`, `[in, out]`: the layout OpenBLAS packs fastest), or quantised to 8 bits.
package enum DenseWeight: @unchecked Sendable {
    // @unchecked Sendable: the float pointers refer to immutable weights kept alive by BertWeights.
    case float32(UnsafePointer<Float>)
    case float32Transposed(UnsafePointer<Float>)
    case int8(QuantizedMatrix)
}
