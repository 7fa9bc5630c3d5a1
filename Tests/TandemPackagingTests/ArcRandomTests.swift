import CTandemCompat
import Testing

/// `tandem_arc4random` (exported as `arc4random` for the static libstdc++): kernel randomness, 32 bits at a time.
@Suite struct ArcRandomTests {
    @Test func valuesVaryAndUseAllBits() {
        let values = (0 ..< 4096).map { _ in tandem_arc4random() }
        // 4096 draws from 2^32: a repeat has probability about 0.2%; a stuck generator repeats at once.
        #expect(Set(values).count >= 4090)
        // Every bit is set in some value and clear in another.
        let ored = values.reduce(UInt32(0)) { $0 | $1 }
        let anded = values.reduce(UInt32.max) { $0 & $1 }
        #expect(ored == .max)
        #expect(anded == 0)
        // Each bit is set about half of the time: 2048 ± 5 standard deviations (32).
        for bit in 0 ..< 32 {
            let ones = values.filter { $0 & (1 << UInt32(bit)) != 0 }.count
            #expect((2048 - 160 ... 2048 + 160).contains(ones), "bit \(bit) set \(ones) times in 4096")
        }
    }

    @Test func overridesLibcOnlyOnGlibc() {
        #if os(Linux) && canImport(Glibc)
        #expect(tandem_compat_overrides_libc() == 1)
        #else
        #expect(tandem_compat_overrides_libc() == 0)
        #endif
    }
}
