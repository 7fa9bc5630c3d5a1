import ArgumentParser
import TandemCore
import TandemModels

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `tandem embed`: sentence embeddings for lines of text, computed locally, streamed as JSONL.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed texts locally (all-MiniLM-L6-v2 on the CPU) and write JSONL.",
        discussion: """
            Reads lines from FILES (stdin when none): a JSON object with a "text" field, or plain text. Writes one \
            {"text": ..., "embedding": [...]} line per input line, in input order, as it goes (memory stays \
            bounded for any number of lines). Texts longer than the model's 256 tokens are truncated; invalid \
            UTF-8 bytes are replaced with U+FFFD and reported on stderr. A progress line (files, tokens/s, ETA) \
            is shown on stderr when it is a terminal.
            """
    )

    @Option(help: "A model name (all-MiniLM-L6-v2) or a model folder (model.safetensors, vocab.txt, config.json).")
    var model: String?

    @Option(help: "Threads to use (default: the CPUs this process may use).")
    var threads: Int?

    @Option(help: "Texts read and embedded together (sorted by length inside the window).")
    var window = 512

    @Flag(inversion: .prefixedNo, help: "Show progress on stderr (default: when stderr is a terminal).")
    var progress: Bool?

    @Option(help: "Matrix products: automatic, openblas or swift.")
    var backend = "automatic"

    @Option(help: "Dense-layer weights: fp32 (the reference) or int8 (quantised at load; never mix their vectors).")
    var precision = "fp32"

    @Flag(help: .hidden)
    var benchmark = false

    @Option(name: .customLong("benchmark-latency"), help: .hidden)
    var benchmarkLatency: [String] = []

    @Option(name: .customLong("benchmark-reference"), help: .hidden)
    var benchmarkReference: String?

    @Argument(help: "Input files (JSONL or plain lines); stdin when none.")
    var files: [String] = []

    func run() throws {
        var options = SentenceEmbedder.Options()
        options.threads = self.threads
        switch self.backend.lowercased() {
        case "automatic", "auto": options.backend = .automatic
        case "openblas": options.backend = .openBLAS
        case "swift", "swift-simd": options.backend = .swiftSIMD
        default: throw ValidationError("unknown backend '\(self.backend)' (automatic, openblas, swift)")
        }
        guard let precision = WeightPrecision(name: self.precision) else {
            throw ValidationError("unknown precision '\(self.precision)' (fp32, int8)")
        }
        options.precision = precision
        let loadStart = ContinuousClock.now
        let embedder = try SentenceEmbedder.load(self.model, options: options)
        if self.benchmark {
            _ = embedder.embed("warm up")
            let elapsed = ContinuousClock.now - loadStart
            let milliseconds = Double(elapsed.components.seconds) * 1_000
                + Double(elapsed.components.attoseconds) / 1e15
            var texts: [String] = []
            try Self.forEachLine(files: self.files) { _, _, input in texts.append(input.text) }
            var reference: [[Float]] = []
            if let path = self.benchmarkReference {
                reference = try Self.referenceEmbeddings(path: path)
            }
            let report = EmbeddingBenchmark(embedder: embedder, loadToFirstMilliseconds: milliseconds)
                .run(texts: texts, latencyTexts: self.benchmarkLatency, reference: reference)
            Self.write(report + "\n", to: 1)
            return
        }
        var reporter = ProgressReporter(
            enabled: self.progress ?? (isatty(2) == 1),
            fileCount: max(1, self.files.count),
            totalBytes: self.files.isEmpty ? nil : self.files.reduce(0) { $0 + Self.size(of: $1) }
        )
        var pending: [(text: String, line: Int, file: String)] = []
        var invalidLines = 0
        func flush() {
            guard !pending.isEmpty else { return }
            let tokenized = embedder.tokenizeAll(pending.map(\.text))
            let vectors = embedder.embed(tokenized: tokenized)
            var output = ""
            for (item, vector) in zip(pending, vectors) {
                output += EmbedLineCodec.encode(text: item.text, embedding: vector)
            }
            Self.write(output, to: 1)
            reporter.finished(texts: pending.count, tokens: tokenized.reduce(0) { $0 + $1.count })
            pending.removeAll(keepingCapacity: true)
        }
        try Self.forEachLine(files: self.files, startFile: { reporter.startFile($0) },
                             read: { reporter.read(bytes: $0) }) {
            path, lineNumber, input in
            if input.hadInvalidUTF8 {
                invalidLines += 1
                Self.write("tandem embed: \(path):\(lineNumber): invalid UTF-8 replaced with U+FFFD\n", to: 2)
            }
            pending.append((input.text, lineNumber, path))
            if pending.count >= max(1, self.window) { flush() }
        } onError: {
            flush()
        }
        flush()
        reporter.done()
        if invalidLines > 0 {
            Self.write("tandem embed: \(invalidLines) line(s) had invalid UTF-8\n", to: 2)
        }
    }

    /// Reads every input line (files in order, or stdin), decoded; `onError` runs before a bad line's error is thrown.
    static func forEachLine(
        files: [String],
        startFile: (Int) -> Void = { _ in },
        read: (Int) -> Void = { _ in },
        _ body: (_ path: String, _ line: Int, _ input: EmbedLineCodec.Input) throws -> Void,
        onError: () -> Void = {}
    ) throws {
        let sources = files.isEmpty ? ["-"] : files
        for (fileIndex, path) in sources.enumerated() {
            guard let handle = path == "-" ? fdopen(0, "rb") : fopen(path, "rb") else {
                throw EmbedCommandError("cannot open \(path): \(String(cString: strerror(errno)))")
            }
            defer { fclose(handle) }
            startFile(fileIndex + 1)
            var buffer: UnsafeMutablePointer<CChar>? = nil
            var capacity = 0
            defer { free(buffer) }
            var lineNumber = 0
            while true {
                let length = getline(&buffer, &capacity, handle)
                if length < 0 { break }
                lineNumber += 1
                read(length)
                var count = length
                if count > 0, buffer![count - 1] == 0x0A { count -= 1 }
                let input: EmbedLineCodec.Input
                do {
                    input = try EmbedLineCodec.decode(UnsafeRawBufferPointer(start: buffer, count: count))
                } catch let error as TandemError {
                    onError()
                    throw EmbedCommandError("\(path):\(lineNumber): \(error.message)")
                }
                try body(path, lineNumber, input)
            }
        }
    }

    /// The `embedding` of every case of a reference file (`{"cases": [{"embedding": [...]}, ...]}`), in order.
    static func referenceEmbeddings(path: String) throws -> [[Float]] {
        guard let handle = fopen(path, "rb") else {
            throw EmbedCommandError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&chunk, 1, chunk.count, handle)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        let cases = try JSONValue(parsing: String(decoding: bytes, as: UTF8.self))["cases"]?.arrayValue ?? []
        return cases.map { item in (item["embedding"]?.arrayValue ?? []).map { Float($0.doubleValue ?? 0) } }
    }

    /// Writes all of `text` to a file descriptor (1 = stdout, 2 = stderr).
    static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    static func size(of path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }
}

/// The `tandem embed` progress line: files, texts, tokens/s and (for files) an ETA from the bytes read.
struct ProgressReporter {
    let enabled: Bool
    let fileCount: Int
    let totalBytes: Int?
    private var file = 0
    private var bytesRead = 0
    private var texts = 0
    private var tokens = 0
    private let start = ContinuousClock.now

    init(enabled: Bool, fileCount: Int, totalBytes: Int?) {
        self.enabled = enabled
        self.fileCount = fileCount
        self.totalBytes = totalBytes
    }

    mutating func startFile(_ index: Int) { self.file = index }
    mutating func read(bytes: Int) { self.bytesRead += bytes }

    mutating func finished(texts: Int, tokens: Int) {
        self.texts += texts
        self.tokens += tokens
        guard self.enabled else { return }
        let elapsed = Double((ContinuousClock.now - self.start).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - self.start).components.seconds)
        let rate = elapsed > 0 ? Double(self.tokens) / elapsed : 0
        var line = "\rfile \(self.file)/\(self.fileCount) · \(self.texts) texts · \(Int(rate)) tokens/s"
        if let totalBytes, totalBytes > 0, self.bytesRead > 0, elapsed > 0 {
            let remaining = elapsed * Double(max(0, totalBytes - self.bytesRead)) / Double(self.bytesRead)
            line += " · ETA \(Int(remaining.rounded()))s"
        }
        EmbedCommand.write(line + "   ", to: 2)
    }

    func done() {
        if self.enabled { EmbedCommand.write("\n", to: 2) }
    }
}

/// A failure of `tandem embed` outside argument parsing (printed as `Error: ...`, exit code 1).
struct EmbedCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
