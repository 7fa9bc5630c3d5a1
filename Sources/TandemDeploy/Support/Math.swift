#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `base` raised to `exponent` (the C library's `pow`, without importing Foundation).
package func power(_ base: Double, _ exponent: Double) -> Double {
    pow(base, exponent)
}

/// The base-10 logarithm (the C library's `log10`).
package func logarithm10(_ value: Double) -> Double {
    log10(value)
}
