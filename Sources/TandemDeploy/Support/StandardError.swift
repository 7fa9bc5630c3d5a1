#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes progress lines to standard error, keeping standard output for the report.
package enum StandardError {
    package static func write(_ text: String) {
        fputs(text, stderr)
    }
}
