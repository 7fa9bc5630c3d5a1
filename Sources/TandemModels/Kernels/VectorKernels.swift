#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CTandemKernels

/// Row-wise passes that follow a matrix product, fused so each row is read and written once.
package enum VectorKernels {
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inline(__always)
    static func store(_ value: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD16<Float>.self)
    }

    /// `destination[r] = source[r] + bias` for each row (`source` may be `nil`: rows become `bias`), the start of a
    /// fused "bias + residual" before a product accumulates into `destination`.
    package static func setRows(
        _ destination: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        source: UnsafePointer<Float>?, bias: UnsafePointer<Float>
    ) {
        for row in 0..<rows {
            let out = destination + row * width
            if let source {
                let input = source + row * width
                var index = 0
                while index + 16 <= width {
                    store(load(input + index) + load(bias + index), out + index)
                    index += 16
                }
                while index < width {
                    out[index] = input[index] + bias[index]
                    index += 1
                }
            } else {
                out.update(from: bias, count: width)
            }
        }
    }

    /// LayerNorm of each row in place: `(x - mean) / sqrt(var + epsilon) * gamma + beta` (biased variance).
    package static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
    ) {
        for row in 0..<rows {
            let line = x + row * width
            var sum = SIMD16<Float>()
            var index = 0
            while index + 16 <= width {
                sum += load(line + index)
                index += 16
            }
            var total = sum.sum()
            while index < width {
                total += line[index]
                index += 1
            }
            let mean = total / Float(width)
            var squares = SIMD16<Float>()
            index = 0
            while index + 16 <= width {
                let centred = load(line + index) - mean
                squares += centred * centred
                index += 16
            }
            var variance = squares.sum()
            while index < width {
                let centred = line[index] - mean
                variance += centred * centred
                index += 1
            }
            variance /= Float(width)
            let scale = 1 / (variance + epsilon).squareRoot()
            index = 0
            while index + 16 <= width {
                let normalised = (load(line + index) - mean) * scale
                store(normalised * load(gamma + index) + load(beta + index), line + index)
                index += 16
            }
            while index < width {
                line[index] = (line[index] - mean) * scale * gamma[index] + beta[index]
                index += 1
            }
        }
    }

    /// `x = gelu(x + bias)` for each row, with the exact GELU `0.5·v·(1 + erf(v/√2))` (not the tanh approximation).
    ///
    /// With a `kernel` other than the portable one the pass runs in CTandemKernels on 8 (AVX2) or 16 (AVX-512)
    /// lanes per instruction instead of SSE2's 4: the same operations in the same order, so the same bits.
    package static func biasGELU(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: UnsafePointer<Float>,
        kernel: Int8KernelVariant = .selected
    ) {
        if kernel != .portable {
            tandem_bias_gelu(kernel.code, x, rows, width, bias)
            return
        }
        for row in 0..<rows {
            let line = x + row * width
            var index = 0
            while index + 16 <= width {
                store(VectorMath.gelu(load(line + index) + load(bias + index)), line + index)
                index += 16
            }
            while index < width {
                let value = line[index] + bias[index]
                line[index] = 0.5 * value * (1 + erff(value * 0.707_106_77))
                index += 1
            }
        }
    }

    /// Softmax of one row in place, `scale` applied to the inputs first.
    package static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int, scale: Float) {
        let inverse = 1 / self.exponentials(x, count: count, scale: scale)
        var index = 0
        while index + 16 <= count {
            store(load(x + index) * inverse, x + index)
            index += 16
        }
        while index < count {
            x[index] *= inverse
            index += 1
        }
    }

    /// `x[j] *= factor` for `count` values.
    @inline(__always)
    package static func scale(_ x: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
        var index = 0
        while index + 8 <= count {
            store8(load8(x + index) * factor, x + index)
            index += 8
        }
        while index < count {
            x[index] *= factor
            index += 1
        }
    }

    /// The numerators of a softmax, in place: `x[j] = exp(scale·(x[j] - max x))`; returns their sum (≥ 1), by
    /// which the caller divides (the attention divides its 32-wide output rows instead of the L-wide scores).
    package static func exponentials(_ x: UnsafeMutablePointer<Float>, count: Int, scale: Float) -> Float {
        var maxima = SIMD8<Float>(repeating: -.infinity)
        var index = 0
        while index + 8 <= count {
            let value = load8(x + index)
            maxima = maxima.replacing(with: value, where: value .> maxima)
            index += 8
        }
        var maximum = maxima.max()
        while index < count {
            maximum = max(maximum, x[index])
            index += 1
        }
        // eʸ = 2^(y·log₂e): one multiply-add per value before the power of two.
        let factor = scale * 1.442_695_04
        let offset = SIMD8<Float>(repeating: -maximum * factor)
        var sums = SIMD8<Float>()
        index = 0
        while index + 8 <= count {
            let value = VectorMath.exp2(load8(x + index) * factor + offset)
            store8(value, x + index)
            sums += value
            index += 8
        }
        var total = sums.sum()
        while index < count {
            let value = exp2f((x[index] - maximum) * factor)
            x[index] = value
            total += value
            index += 1
        }
        return total
    }

    @inline(__always)
    static func load8(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store8(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
    }
}
