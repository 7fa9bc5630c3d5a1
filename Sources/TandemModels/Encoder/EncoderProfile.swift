#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Time spent in each stage of the encoder, summed over passes: where a text's milliseconds go.
///
/// Filled only when a profile is passed to the encoder (the benchmark's breakdown); an encoder pass without one
/// reads no clock. Times are the calling thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`): with one thread that is
/// each stage's own cost, unaffected by time spent waiting for a core on a loaded machine (with more threads it
/// misses the helpers' share).
package struct EncoderProfile: Sendable {
    /// The stages of an encoder pass, in order.
    package enum Stage: Int, CaseIterable, Sendable {
        case embeddings, qkv, attention, attentionOutput, attentionNorm, intermediate, gelu, output, outputNorm
        case pooling

        /// The stage's name in reports.
        package var name: String {
            switch self {
            case .embeddings: "embeddings+layernorm"
            case .qkv: "qkv_gemm"
            case .attention: "attention"
            case .attentionOutput: "attention_output_gemm"
            case .attentionNorm: "attention_layernorm"
            case .intermediate: "ffn1_gemm"
            case .gelu: "bias_gelu"
            case .output: "ffn2_gemm"
            case .outputNorm: "output_layernorm"
            case .pooling: "pooling"
            }
        }
    }

    /// Nanoseconds per stage, indexed by `Stage.rawValue`.
    package private(set) var nanoseconds = [Int64](repeating: 0, count: Stage.allCases.count)
    /// Encoder passes recorded.
    package var passes = 0

    package init() {}

    /// Adds `nanoseconds` to `stage`.
    package mutating func add(_ stage: Stage, nanoseconds: Int64) {
        self.nanoseconds[stage.rawValue] += nanoseconds
    }

    /// Milliseconds per pass spent in `stage`.
    package func milliseconds(_ stage: Stage) -> Double {
        Double(self.nanoseconds[stage.rawValue]) / 1e6 / Double(max(1, self.passes))
    }

    /// Runs `body`, adding its duration to `stage` when `profile` is given.
    @inline(__always)
    static func measure(_ stage: Stage, _ profile: UnsafeMutablePointer<EncoderProfile>?, _ body: () -> Void) {
        guard let profile else { return body() }
        let start = threadTime()
        body()
        profile.pointee.add(stage, nanoseconds: threadTime() - start)
    }

    /// The calling thread's CPU time in nanoseconds.
    package static func threadTime() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
