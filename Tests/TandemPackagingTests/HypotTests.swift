import CTandemCompat
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `tandem_hypot` and `tandem_hypotf` (which the bootstrap exports as `hypot` and `hypotf`) against the C library's.
@Suite struct HypotTests {
    typealias DoubleFunction = @convention(c) (Double, Double) -> Double
    typealias FloatFunction = @convention(c) (Float, Float) -> Float

    /// The C library's own functions, looked up in libm itself so that this process's definitions cannot answer.
    static let libm: (hypot: DoubleFunction, hypotf: FloatFunction)? = {
        #if os(Linux)
        let names = ["libm.so.6", "libc.so"]  // glibc, musl
        #else
        let names = ["/usr/lib/libSystem.B.dylib"]
        #endif
        for name in names {
            guard let handle = dlopen(name, RTLD_NOW),
                let hypot = dlsym(handle, "hypot"),
                let hypotf = dlsym(handle, "hypotf")
            else { continue }
            return (unsafeBitCast(hypot, to: DoubleFunction.self), unsafeBitCast(hypotf, to: FloatFunction.self))
        }
        return nil
    }()

    /// Distance in units in the last place between two finite non-negative values (0 when both are equal).
    static func ulps<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> UInt64 where T.RawSignificand: FixedWidthInteger {
        let left = UInt64(a.exponentBitPattern) << UInt64(T.significandBitCount) | UInt64(a.significandBitPattern)
        let right = UInt64(b.exponentBitPattern) << UInt64(T.significandBitCount) | UInt64(b.significandBitPattern)
        return left > right ? left - right : right - left
    }

    /// Magnitudes across the whole range: huge (overflow), normal, tiny, subnormal, zero, mixed scales.
    static let doublePairs: [(Double, Double)] = [
        (3, 4), (-3, -4), (5, 12), (1, 1), (1, 0), (0, 1), (0, 0), (-0.0, -0.0), (1, 1e-17), (1e-17, 1),
        (1, 0x1p-26), (1, 0x1p-27), (0.1, 0.2), (1e10, 1e10), (2, 3), (7, 24), (0.5, 0.5),
        (1e308, 1e308), (.greatestFiniteMagnitude, 1), (.greatestFiniteMagnitude, .greatestFiniteMagnitude),
        (.greatestFiniteMagnitude / 2, .greatestFiniteMagnitude / 2), (1e200, 1e200), (1e200, 1e-200),
        (1e300, 1e290), (0x1p500, 0x1p450), (0x1p1000, 0x1p990),
        (1e-308, 1e-308), (.leastNormalMagnitude, .leastNormalMagnitude), (.leastNonzeroMagnitude, 0),
        (.leastNonzeroMagnitude, .leastNonzeroMagnitude), (3 * .leastNonzeroMagnitude, 4 * .leastNonzeroMagnitude),
        (1e-320, 1e-310), (1e-300, 1e-300), (0x1p-600, 0x1p-620), (0x1p-1000, 0x1p-1060), (1e-200, 1e-190),
    ]

    @Test(arguments: Self.doublePairs.indices)
    func doubleMatchesLibm(index: Int) throws {
        let libm = try #require(Self.libm)
        let (x, y) = Self.doublePairs[index]
        let ours = tandem_hypot(x, y)
        let theirs = libm.hypot(x, y)
        #expect(ours.sign == .plus)
        if theirs.isInfinite {
            #expect(ours == .infinity, "hypot(\(x), \(y)): \(ours), libm \(theirs)")
        } else {
            #expect(Self.ulps(ours, theirs) <= 1, "hypot(\(x), \(y)): \(ours), libm \(theirs)")
        }
    }

    @Test func exactCases() {
        #expect(tandem_hypot(3, 4) == 5)
        #expect(tandem_hypot(-5, 12) == 13)
        #expect(tandem_hypot(0, -7.5) == 7.5)
        #expect(tandem_hypot(.greatestFiniteMagnitude, 0) == .greatestFiniteMagnitude)
        #expect(tandem_hypot(.greatestFiniteMagnitude, .greatestFiniteMagnitude) == .infinity)
        #expect(tandem_hypot(.leastNonzeroMagnitude, 0) == .leastNonzeroMagnitude)
        #expect(tandem_hypot(-0.0, -0.0).bitPattern == (0.0 as Double).bitPattern)
        #expect(tandem_hypotf(3, 4) == 5)
        #expect(tandem_hypotf(.greatestFiniteMagnitude, .greatestFiniteMagnitude) == .infinity)
        #expect(tandem_hypotf(.leastNonzeroMagnitude, 0) == .leastNonzeroMagnitude)
    }

    /// C11 F.10.4.3: an infinity wins over a NaN; otherwise a NaN propagates.
    @Test func infinitiesAndNaNs() {
        for other in [Double.nan, -.nan, 0, 1, -1e300, .infinity] {
            #expect(tandem_hypot(.infinity, other) == .infinity)
            #expect(tandem_hypot(other, -.infinity) == .infinity)
        }
        #expect(tandem_hypot(.nan, 1).isNaN)
        #expect(tandem_hypot(0, .nan).isNaN)
        #expect(tandem_hypot(.nan, .nan).isNaN)
        #expect(tandem_hypotf(-.infinity, .nan) == .infinity)
        #expect(tandem_hypotf(.nan, .infinity) == .infinity)
        #expect(tandem_hypotf(.nan, 2).isNaN)
    }

    /// 20,000 pairs from a fixed generator: signs, significands and exponents over the whole double range, with the
    /// second operand near the first (where the squares' rounding matters) or anywhere.
    @Test func randomDoublesWithinOneUlp() throws {
        let libm = try #require(Self.libm)
        var generator = SplitMix64(seed: 0x7A4D_E3)
        var exact = 0
        let count = 20_000
        for round in 0 ..< count {
            let x = Double(
                sign: generator.next() & 1 == 0 ? .plus : .minus,
                exponent: Int(generator.next() % 2046) - 1022,
                significand: 1 + Double(generator.next() >> 11) * 0x1p-53
            )
            let spread = round % 2 == 0 ? Int(generator.next() % 60) : Int(generator.next() % 2046) - 1022
            let y = Double(
                sign: generator.next() & 1 == 0 ? .plus : .minus,
                exponent: round % 2 == 0 ? x.exponent - spread : spread,
                significand: 1 + Double(generator.next() >> 11) * 0x1p-53
            )
            let ours = tandem_hypot(x, y)
            let theirs = libm.hypot(x, y)
            if ours == theirs { exact += 1 }
            if theirs.isInfinite {
                #expect(ours == .infinity, "hypot(\(x), \(y))")
            } else {
                #expect(Self.ulps(ours, theirs) <= 1, "hypot(\(x), \(y)): \(ours), libm \(theirs)")
            }
        }
        // The fma correction makes nearly every result the correctly rounded one, as recent glibc's are.
        #expect(exact >= count * 99 / 100, "\(exact) of \(count) identical to libm")
    }

    @Test func randomFloatsWithinOneUlp() throws {
        let libm = try #require(Self.libm)
        var generator = SplitMix64(seed: 0xF10A7)
        var exact = 0
        let count = 20_000
        var tested = 0
        while tested < count {
            // Any finite float, either sign: every exponent and subnormals included.
            let x = Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))
            let y = Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))
            guard x.isFinite, y.isFinite else { continue }
            tested += 1
            let ours = tandem_hypotf(x, y)
            let theirs = libm.hypotf(x, y)
            if ours == theirs { exact += 1 }
            if theirs.isInfinite {
                #expect(ours == .infinity, "hypotf(\(x), \(y))")
            } else {
                #expect(Self.ulps(ours, theirs) <= 1, "hypotf(\(x), \(y)): \(ours), libm \(theirs)")
            }
        }
        #expect(exact >= count * 99 / 100, "\(exact) of \(count) identical to libm")
    }
}

/// SplitMix64: a fixed, seedable sequence so that a failure names values that reproduce.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var value = self.state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
