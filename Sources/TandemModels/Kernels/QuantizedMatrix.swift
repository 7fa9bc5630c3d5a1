import CTandemKernels

/// A weight matrix `[rows, columns]` quantised symmetrically per row (per output channel) to integers in
/// -127...127: `weight[r][c] ≈ value[r][c] × scales[r]`.
///
/// The values are held in 16-bit lanes (still within the 8-bit range), the operand of the widening multiply-adds
/// the kernels use (`pmaddwd`/`vpdpwssd`, NEON's `smlal`) against activations of up to 14 bits. For the portable
/// kernel they are stored row by row (`values[r · columns + c]`); for the C kernels in their packed layout (blocks
/// of 16 rows, pairs of columns interleaved: `tandem_int8_pack` in CTandemKernels.h), packed once here at load.
// @unchecked Sendable: the buffers are written once in init and only read afterwards; freed in deinit.
package final class QuantizedMatrix: @unchecked Sendable {
    package let rows: Int
    package let columns: Int
    /// Row-major for ``Int8KernelVariant/portable``, otherwise packed (see the type's summary).
    package let values: UnsafeMutablePointer<Int16>
    package let scales: UnsafeMutablePointer<Float>
    /// The kernel the values are laid out for.
    package let kernel: Int8KernelVariant

    /// Quantises `rows × columns` floats (row-major, contiguous) for `kernel`.
    package init(quantizing weights: UnsafePointer<Float>, rows: Int, columns: Int,
                 kernel: Int8KernelVariant = .selected) {
        self.rows = rows
        self.columns = columns
        self.kernel = kernel
        self.scales = .allocate(capacity: rows)
        guard kernel.usesPackedWeights else {
            self.values = .allocate(capacity: rows * columns)
            for row in 0..<rows {
                self.scales[row] = Self.quantizeRow(weights + row * columns, count: columns,
                                                    into: self.values + row * columns)
            }
            return
        }
        // 16 rows at a time through a small buffer that stays in cache, each block packed straight into place
        // (a row-major copy of the whole matrix would be 21 MB of fresh pages for the model: ~5 ms of faults).
        let block = Int(TANDEM_INT8_BLOCK), depth = tandem_int8_padded_depth(columns)
        self.values = .allocate(capacity: tandem_int8_packed_count(rows, columns))
        let rowMajor = UnsafeMutablePointer<Int16>.allocate(capacity: block * columns)
        defer { rowMajor.deallocate() }
        var first = 0
        while first < rows {
            let count = min(block, rows - first)
            for row in 0..<count {
                self.scales[first + row] = Self.quantizeRow(weights + (first + row) * columns, count: columns,
                                                            into: rowMajor + row * columns, kernel: kernel)
            }
            tandem_int8_pack(rowMajor, count, columns, self.values + first * depth)
            first += block
        }
    }

    deinit {
        self.values.deallocate()
        self.scales.deallocate()
    }

    /// The distance between rows of quantised activations the kernel reads: `columns`, rounded up to even for the C
    /// kernels (which read the activations in pairs; the value past an odd end must be 0).
    package var activationStride: Int {
        self.kernel.usesPackedWeights ? tandem_int8_padded_depth(self.columns) : self.columns
    }

    /// Bytes the quantised weights would take at one byte per value plus the scales.
    package var packedByteCount: Int { self.rows * self.columns + self.rows * 4 }

    /// Writes `round(x / scale)` for `count` floats with scale = max|x| / `limit`, and returns the scale (0 for a
    /// zero row, whose values are all 0). `limit` is at most 16,383. A `kernel` other than the portable one runs the
    /// same operations in CTandemKernels on AVX2 or AVX-512 (`tandem_quantize_row`): the same bits, 2-4x fewer
    /// instructions than baseline SSE2.
    @inline(__always)
    package static func quantizeRow(_ source: UnsafePointer<Float>, count: Int, limit: Int = 127,
                                    into output: UnsafeMutablePointer<Int16>,
                                    kernel: Int8KernelVariant = .portable) -> Float {
        if kernel != .portable {
            return tandem_quantize_row(kernel.code, source, count, Int32(limit), output)
        }
        var largest = SIMD8<Float>()
        var index = 0
        while index + 8 <= count {
            let x = UnsafeRawPointer(source + index).loadUnaligned(as: SIMD8<Float>.self)
            let magnitude = x.replacing(with: -x, where: x .< 0)
            largest.replace(with: magnitude, where: magnitude .> largest)
            index += 8
        }
        var maximum = largest.max()
        while index < count {
            maximum = max(maximum, abs(source[index]))
            index += 1
        }
        guard maximum > 0, maximum.isFinite else {
            output.update(repeating: 0, count: count)
            return 0
        }
        let top = Float(limit)
        let inverse = top / maximum
        // Adding 1.5·2²³ rounds to the nearest integer (ties to even) in the float unit and leaves it in the low
        // mantissa bits: a bit-cast and a subtraction read it out, 8 lanes at a time.
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let magicBits = SIMD8<Int32>(repeating: 0x4B40_0000)
        index = 0
        while index + 8 <= count {
            // |x| <= top by construction (x·top/max), so no clamp is needed.
            let x = UnsafeRawPointer(source + index).loadUnaligned(as: SIMD8<Float>.self) * inverse
            let integers = unsafeBitCast(x + magic, to: SIMD8<Int32>.self) &- magicBits
            UnsafeMutableRawPointer(output + index).storeBytes(
                of: SIMD8<Int16>(truncatingIfNeeded: integers), as: SIMD8<Int16>.self)
            index += 8
        }
        while index < count {
            output[index] = Int16(min(top, max(-top, source[index] * inverse)).rounded(.toNearestOrEven))
            index += 1
        }
        return maximum / top
    }

    /// The largest activation magnitude whose products with weights of magnitude 127, summed over `k` terms, stay
    /// inside a 32-bit integer (at most 8,191: 14-bit activations).
    @inline(__always)
    package static func activationLimit(k: Int) -> Int {
        min(8_191, Int(Int32.max) / (127 * max(1, k)))
    }
}
