#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import TandemModels

/// The vector `exp`, `erf` and GELU against the C library, over the ranges the encoder sees.
@Suite("vector math")
struct VectorMathTests {
    static func lanes(from start: Float, step: Float) -> SIMD16<Float> {
        var vector = SIMD16<Float>()
        for lane in 0..<16 { vector[lane] = start + Float(lane) * step }
        return vector
    }

    @Test("erf is within 1e-6 of erff and GELU is the exact erf form (not tanh)")
    func erfAndGELU() {
        var worst: Float = 0
        var start: Float = -12
        while start < 12 {
            let x = Self.lanes(from: start, step: 0.0007)
            let erf = VectorMath.erf(x), gelu = VectorMath.gelu(x)
            for lane in 0..<16 {
                worst = max(worst, abs(erf[lane] - erff(x[lane])))
                let exact = 0.5 * x[lane] * (1 + erff(x[lane] / Float(2).squareRoot()))
                #expect(abs(gelu[lane] - exact) <= 2e-6 * max(1, abs(x[lane])))
            }
            start += 0.0113
        }
        #expect(worst <= 1e-6)
        // The tanh approximation differs from the exact GELU by ~1e-3 near |x| = 2; the exact one must not.
        let two = VectorMath.gelu(SIMD16(repeating: 2))[0]
        #expect(abs(two - 1.954_499_7) < 1e-6)
    }

    @Test("exp has a relative error below 3e-7 and saturates instead of overflowing")
    func exp() {
        var worst: Float = 0
        var start: Float = -80
        while start < 80 {
            let x = Self.lanes(from: start, step: 0.003)
            let value = VectorMath.exp(x)
            for lane in 0..<16 { worst = max(worst, abs(value[lane] - expf(x[lane])) / expf(x[lane])) }
            start += 0.05
        }
        #expect(worst < 3e-7)
        #expect(VectorMath.exp(SIMD16(repeating: -1000))[0] >= 0)
        #expect(VectorMath.exp(SIMD16(repeating: -1000))[0] < 1e-37)
        #expect(VectorMath.exp(SIMD16(repeating: 1000))[0].isFinite)
    }

    @Test("exp2 has a relative error below 3e-7 on the softmax's range and saturates at both ends")
    func exp2() {
        var worst: Float = 0
        var start: Float = -120
        while start < 120 {
            var x = SIMD8<Float>()
            for lane in 0..<8 { x[lane] = start + Float(lane) * 0.0011 }
            let value = VectorMath.exp2(x)
            for lane in 0..<8 { worst = max(worst, abs(value[lane] - exp2f(x[lane])) / exp2f(x[lane])) }
            start += 0.0173
        }
        #expect(worst < 3e-7)
        let low = VectorMath.exp2(SIMD8(repeating: -1000))[0]
        #expect(low >= 0 && low < 1e-37)
        #expect(VectorMath.exp2(SIMD8(repeating: 1000))[0].isFinite)
    }

    @Test("softmax numerators and their sum match expf, so dividing later gives the same softmax")
    func exponentials() {
        for count in [1, 7, 8, 17, 128] {
            let row = (0..<count).map { Float(($0 * 37) % 23) * 0.4 - 4 }
            var numerators = row
            let sum = numerators.withUnsafeMutableBufferPointer {
                VectorKernels.exponentials($0.baseAddress!, count: count, scale: 0.25)
            }
            let maximum = row.max()!
            let expected = row.map { expf(($0 - maximum) * 0.25) }
            for (value, reference) in zip(numerators, expected) {
                #expect(abs(value - reference) <= 3e-7 * reference)
            }
            #expect(abs(sum - expected.reduce(0, +)) <= 1e-5 * sum)
            var scaled = numerators
            scaled.withUnsafeMutableBufferPointer { VectorKernels.scale($0.baseAddress!, count: count, by: 1 / sum) }
            var softmax = row
            softmax.withUnsafeMutableBufferPointer {
                VectorKernels.softmax($0.baseAddress!, count: count, scale: 0.25)
            }
            #expect(zip(scaled, softmax).allSatisfy { abs($0 - $1) <= 1e-7 })
        }
    }

    @Test("softmax rows sum to 1 for lengths that are not multiples of 16")
    func softmax() {
        for count in [1, 3, 16, 17, 40] {
            var row = (0..<count).map { Float($0 % 7) - 3 }
            row.withUnsafeMutableBufferPointer { VectorKernels.softmax($0.baseAddress!, count: count, scale: 0.5) }
            #expect(abs(row.reduce(0, +) - 1) < 1e-5)
            #expect(row.allSatisfy { $0 > 0 })
        }
    }
}
