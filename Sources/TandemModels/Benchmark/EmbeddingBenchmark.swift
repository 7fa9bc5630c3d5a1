#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The figures `bench/embeddings/run.sh` compares with sentence-transformers and ONNX Runtime, as one JSON object.
///
/// Throughput is the best of five passes over all texts (after one warm-up pass); latency is the median and best of
/// 30 single-text calls (wall clock, and with one thread also the median CPU time of the calling thread, which a
/// loaded machine does not inflate); peak RSS is the process's high-water mark (`getrusage`). The first latency
/// text also gets a per-stage breakdown of the encoder (``EncoderProfile``).
public struct EmbeddingBenchmark: Sendable {
    /// The embedder under test.
    public let embedder: SentenceEmbedder
    /// Milliseconds from the start of model loading to the first embedding.
    public let loadToFirstMilliseconds: Double

    /// Creates a benchmark; `loadToFirstMilliseconds` is measured by the caller around loading and one `embed`.
    public init(embedder: SentenceEmbedder, loadToFirstMilliseconds: Double) {
        self.embedder = embedder
        self.loadToFirstMilliseconds = loadToFirstMilliseconds
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Runs the measurements.
    /// - Parameters:
    ///   - texts: The throughput set (e.g. the 220 reference texts).
    ///   - latencyTexts: Texts timed one at a time (e.g. a 128-token sentence and a 16-token query).
    ///   - reference: Reference embeddings of `texts` (same order), or empty; when given, the worst cosine of this
    ///     embedder's vectors against them is reported.
    /// - Returns: One line of JSON: peer, backend, precision, threads, sentences/s, load to first embedding,
    ///   latencies, peak RSS and (with a reference) the worst cosine.
    public func run(texts: [String], latencyTexts: [String], reference: [[Float]] = []) -> String {
        let clock = ContinuousClock()
        var best = Double.infinity
        var worstCosine = ""
        if !texts.isEmpty {
            let vectors = self.embedder.embed(texts)
            if reference.count == vectors.count {
                let worst = zip(vectors, reference).map { VectorSimilarity.cosine($0, $1) }.min() ?? 1
                worstCosine = #","worst_cosine_vs_reference":\#(worst)"#
            }
            for _ in 0..<5 {
                let start = clock.now
                _ = self.embedder.embed(texts)
                best = min(best, Self.milliseconds(clock.now - start))
            }
        }
        var latencies: [String] = []
        for text in latencyTexts {
            _ = self.embedder.embed(text)
            var samples: [Double] = []
            var cpuSamples: [Double] = []
            for _ in 0..<30 {
                let start = clock.now
                let cpuStart = EncoderProfile.threadTime()
                _ = self.embedder.embed(text)
                cpuSamples.append(Double(EncoderProfile.threadTime() - cpuStart) / 1e6)
                samples.append(Self.milliseconds(clock.now - start))
            }
            samples.sort()
            cpuSamples.sort()
            let tokens = self.embedder.tokenize(text).count
            let median = samples[samples.count / 2]
            // The calling thread's CPU time: with one thread, the cost without the waits of a loaded machine.
            let cpu = self.embedder.threads == 1 ? #","cpu_median_ms":\#(cpuSamples[cpuSamples.count / 2])"# : ""
            latencies.append(#"{"tokens":\#(tokens),"median_ms":\#(median),"best_ms":\#(samples[0])\#(cpu)}"#)
        }
        let breakdown = latencyTexts.first.map { self.breakdown(of: $0) } ?? ""
        var usage = rusage()
        #if os(Linux)
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let peakMegabytes = Double(usage.ru_maxrss) / 1_024  // kilobytes on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        let peakMegabytes = Double(usage.ru_maxrss) / 1_048_576  // bytes on macOS
        #endif
        let throughput = texts.isEmpty ? 0 : Double(texts.count) / (best / 1_000)
        return #"{"peer":"tandem","backend":"\#(self.embedder.backendName)","#
            + #""precision":"\#(self.embedder.precision)","threads":\#(self.embedder.threads),"#
            + #""texts":\#(texts.count),"sentences_per_s":\#(throughput),"#
            + #""load_to_first_ms":\#(self.loadToFirstMilliseconds),"#
            + #""latency":[\#(latencies.joined(separator: ","))],"peak_rss_mb":\#(peakMegabytes)\#(worstCosine)"#
            + #"\#(breakdown)}"#
    }

    /// `,"breakdown_ms":{...}`: milliseconds of the calling thread's CPU time per encoder stage for `text`, the
    /// mean of 30 passes (with more than one thread the helpers' share is missing), and their tokens.
    func breakdown(of text: String) -> String {
        let ids = self.embedder.tokenize(text)
        let encoder = self.embedder.encoder
        let workspace = EncoderWorkspace(configuration: encoder.configuration)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: encoder.configuration.hiddenSize)
        defer { output.deallocate() }
        encoder.encode([ids], workspace: workspace, output: output)
        var profile = EncoderProfile()
        for _ in 0..<30 { encoder.encode([ids], workspace: workspace, output: output, profile: &profile) }
        let stages = EncoderProfile.Stage.allCases.map { #""\#($0.name)":\#(profile.milliseconds($0))"# }
        return #","breakdown_ms":{"tokens":\#(ids.count),\#(stages.joined(separator: ","))}"#
    }
}
