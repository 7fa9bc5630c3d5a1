/// The sizes RAPID enforces.
package enum EmulatorLimits {
    /// The largest buffered response a runtime may post: 6 MiB + 100 bytes (RAPID's `interop.MaxPayloadSize`).
    package static let maxResponsePayload = 6 * 1024 * 1024 + 100
    /// The largest invoke request payload (Lambda's synchronous invoke limit, 6 MiB).
    package static let maxRequestPayload = 6 * 1024 * 1024
    /// The largest `/error` or `/init/error` body read; the rest is discarded.
    package static let maxErrorPayload = 1024 * 1024
}
