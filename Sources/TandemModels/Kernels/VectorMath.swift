/// `exp` and `erf` on 16 lanes at once, in plain Swift SIMD (no libm call per element).
package enum VectorMath {
    /// `eˣ` with a relative error below 2e-7 for x in [-87, 88] (0 below, +inf above).
    ///
    /// Range reduction `x = n·ln2 + r` (|r| ≤ ln2/2), a degree-7 Taylor polynomial for `eʳ`, and `2ⁿ` built in
    /// the exponent bits (the rounding to `n` is done by adding 1.5·2²³, which also leaves `n` in the low bits).
    @inline(__always)
    package static func exp(_ input: SIMD16<Float>) -> SIMD16<Float> {
        let x = clamp(input, -87.3, 88.3)
        let shifter = SIMD16<Float>(repeating: 12_582_912 + 127)  // 1.5·2²³ + exponent bias
        let shifted = x * 1.442_695_04 + shifter
        let n = shifted - shifter
        let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6
        var p = SIMD16<Float>(repeating: 1.0 / 5040)
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let bits = unsafeBitCast(shifted, to: SIMD16<UInt32>.self) &<< 23
        return p * unsafeBitCast(bits, to: SIMD16<Float>.self)
    }

    /// `2ˣ` with a relative error below 2e-7 for x in [-125, 127] (~1e-38 below, +inf above): the softmax's
    /// exponential, which needs one multiply to get here (`eˣ = 2^(x·log₂e)`) and nothing else.
    ///
    /// `x = n + f` with `n` the nearest integer (rounded by adding 1.5·2²³) and |f| ≤ 1/2; `2ᶠ` is the degree-6
    /// Taylor polynomial of `e^(f·ln2)` (error ≤ (ln2/2)⁷/7! ≈ 1.2e-7); `2ⁿ` is added to the exponent bits. Eight
    /// lanes at a time keep the polynomial's constants in registers on baseline x86-64 (16 SSE registers).
    @inline(__always)
    package static func exp2(_ input: SIMD8<Float>) -> SIMD8<Float> {
        let low = SIMD8<Float>(repeating: -125), high = SIMD8<Float>(repeating: 127)
        let x = input.replacing(with: low, where: input .< low).replacing(with: high, where: input .> high)
        let shifter = SIMD8<Float>(repeating: 12_582_912)  // 1.5·2²³
        let shifted = x + shifter
        let f = x - (shifted - shifter)
        var p = SIMD8<Float>(repeating: 1.540_353_0e-4)
        p = p * f + 1.333_355_8e-3
        p = p * f + 9.618_129_1e-3
        p = p * f + 5.550_410_9e-2
        p = p * f + 2.402_265_1e-1
        p = p * f + 6.931_471_8e-1
        p = p * f + 1
        let n = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        return unsafeBitCast(unsafeBitCast(p, to: SIMD8<Int32>.self) &+ (n &<< 23), to: SIMD8<Float>.self)
    }

    /// The error function, as a rational approximation in x² on [-4, 4] (±1 beyond, where float `erf` is ±1).
    ///
    /// The coefficients are the classic single-precision minimax fit (as used by Eigen and XLA); the absolute error
    /// against `erff` is below 1e-6 everywhere (checked by the tests).
    @inline(__always)
    package static func erf(_ input: SIMD16<Float>) -> SIMD16<Float> {
        let x = clamp(input, -4, 4)
        let x2 = x * x
        var p = SIMD16<Float>(repeating: -2.726_142_3e-10)
        p = p * x2 + 2.770_681_4e-08
        p = p * x2 - 2.101_024_e-06
        p = p * x2 - 5.692_506_4e-05
        p = p * x2 - 7.349_906_3e-04
        p = p * x2 - 2.954_600_e-03
        p = p * x2 - 1.609_603_3e-02
        p = p * x
        var q = SIMD16<Float>(repeating: -1.456_607_2e-05)
        q = q * x2 - 2.133_740_6e-04
        q = q * x2 - 1.682_827e-03
        q = q * x2 - 7.373_329_e-03
        q = q * x2 - 1.426_473_9e-02
        return p / q
    }

    /// Clamps every lane with compare-and-blend (the standard library's `clamped` goes lane by lane).
    @inline(__always)
    static func clamp(_ x: SIMD16<Float>, _ lower: Float, _ upper: Float) -> SIMD16<Float> {
        let low = SIMD16<Float>(repeating: lower), high = SIMD16<Float>(repeating: upper)
        return x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
    }

    /// The exact (erf-based) GELU, `0.5·x·(1 + erf(x/√2))`.
    @inline(__always)
    package static func gelu(_ x: SIMD16<Float>) -> SIMD16<Float> {
        0.5 * x * (1 + erf(x * 0.707_106_77))
    }
}
