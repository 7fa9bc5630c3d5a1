import Dispatch
import Synchronization
import TandemCore
public import TandemModels

/// Embeddings computed in-process on the CPU with all-MiniLM-L6-v2 (384 floats per text, unit length): no network,
/// no key, no Python.
///
/// ```swift
/// let local = LocalEmbeddingProvider()
/// let response = try await local.embed(EmbeddingRequest(model: "all-MiniLM-L6-v2", inputs: ["a cat"]),
///                                      options: CallOptions())
/// ```
///
/// The model is loaded on first use (or by ``load()``), once, and kept. Inference is CPU-bound, so it runs on a
/// serial dispatch queue of its own, never on Swift's cooperative pool: one request at a time uses all the threads
/// of ``SentenceEmbedder/Options/threads`` while other requests wait in order. A call that starts after its
/// deadline or after its task was cancelled is refused; one that has started runs to the end (a batch of a few
/// hundred texts takes a second or two).
///
/// Usage reports the tokens the model saw: `[CLS]` and `[SEP]` included, after truncation to 256 per text.
/// Empty and whitespace-only texts embed to a defined vector (that of `[CLS] [SEP]`), as sentence-transformers does.
public final class LocalEmbeddingProvider: EmbeddingProvider {
    /// The model this provider serves.
    public static let modelName = "all-MiniLM-L6-v2"
    /// The names a request may use for it (compared case-insensitively).
    public static let acceptedModels = [
        "all-MiniLM-L6-v2", "local/all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2",
    ]

    public let name = "local"
    /// How the model runs (threads, backend, int8 or fp32 weights).
    public let embedderOptions: SentenceEmbedder.Options
    private let modelDirectory: String?
    private let locator: ModelLocator
    private let embedder: Mutex<SentenceEmbedder?>
    private let queue = DispatchQueue(label: "tandem.llm.local-embeddings", qos: .userInitiated)

    /// Creates the provider; nothing is loaded until the first request or ``load()``.
    /// - Parameters:
    ///   - modelDirectory: A Hugging Face style folder holding the model; `nil` to find it with `locator`.
    ///   - options: Threads, backend, batching and weight precision.
    ///   - locator: Where to look for the model when `modelDirectory` is `nil`.
    public init(
        modelDirectory: String? = nil,
        options: SentenceEmbedder.Options = SentenceEmbedder.Options(),
        locator: ModelLocator = ModelLocator()
    ) {
        self.modelDirectory = modelDirectory
        self.embedderOptions = options
        self.locator = locator
        self.embedder = Mutex(nil)
    }

    /// The provider's model for a requested name (``acceptedModels``), or `nil` if it does not serve it.
    public static func servedModel(_ requested: String) -> String? {
        Self.acceptedModels.contains { $0.lowercased() == requested.lowercased() } ? Self.modelName : nil
    }

    /// The model name responses carry: ``modelName``, with `/int8` appended for quantised weights (whose vectors
    /// must not be mixed with fp32 ones).
    /// With automatic precision the answer is known once the model is loaded (int8 when a C int8 kernel runs on this CPU, or when OpenBLAS is missing).
    public var responseModel: String {
        if let variant = self.embedder.withLock({ $0?.variant }) {
            return Self.responseModel(variant: variant)
        }
        return self.embedderOptions.precision == .int8 ? Self.modelName + "/int8" : Self.modelName
    }

    /// The response model for a loaded embedder's variant (`all-MiniLM-L6-v2/fp32` or `.../int8`).
    static func responseModel(variant: String) -> String {
        variant.hasSuffix("/int8") ? Self.modelName + "/int8" : Self.modelName
    }

    /// Loads the model now (at start-up, to keep the first request fast); later calls return at once.
    /// - Returns: The loaded embedder's variant, e.g. `all-MiniLM-L6-v2/fp32`.
    /// - Throws: An ``LLMError`` `unavailable` saying where the model was looked for and how to install it.
    @discardableResult
    public func load() async throws -> String {
        try await self.onQueue { try self.loadedEmbedder().variant }
    }

    /// Embeds `request.inputs` in order.
    /// - Throws: An ``LLMError``: `not_found` for a model other than ``acceptedModels``, `invalid_request` for no
    ///   inputs or a `dimensions` other than 384, `deadline_exceeded`, `cancelled`, or `unavailable` when the model
    ///   files cannot be found or read.
    public func embed(_ request: EmbeddingRequest, options: CallOptions) async throws -> EmbeddingResponse {
        guard Self.servedModel(request.model) != nil else {
            throw LLMError(
                .notFound,
                "no local model '\(request.model)'; the local provider serves "
                    + Self.acceptedModels.joined(separator: ", "),
                provider: self.name)
        }
        guard !request.inputs.isEmpty else {
            throw LLMError(.invalidRequest, "no input texts to embed", provider: self.name)
        }
        try self.checkStillWanted(options)
        let (vectors, tokens, variant) = try await self.onQueue { () throws -> ([[Float]], Int, String) in
            if options.deadline.hasPassed {  // it may have waited behind other requests
                throw LLMError(.deadlineExceeded, "the deadline passed while the request waited", provider: self.name)
            }
            let embedder = try self.loadedEmbedder()
            if let dimensions = request.dimensions, dimensions != embedder.dimensions {
                throw LLMError(
                    .invalidRequest, "\(Self.modelName) makes \(embedder.dimensions)-dimensional vectors, not "
                        + "\(dimensions)", provider: self.name)
            }
            let tokenized = embedder.tokenizeAll(request.inputs)
            return (embedder.embed(tokenized: tokenized), tokenized.reduce(0) { $0 + $1.count }, embedder.variant)
        }
        return EmbeddingResponse(model: Self.responseModel(variant: variant), embeddings: vectors,
                                 usage: Usage(inputTokens: tokens), provider: self.name)
    }

    private func checkStillWanted(_ options: CallOptions) throws {
        if Task.isCancelled {
            throw LLMError(.cancelled, "the caller cancelled the request", provider: self.name)
        }
        if options.deadline.hasPassed {
            throw LLMError(.deadlineExceeded, "the deadline passed before embedding started", provider: self.name)
        }
    }

    /// The embedder, loaded on first use. Called only on `queue`, so it is never loaded twice.
    private func loadedEmbedder() throws -> SentenceEmbedder {
        if let embedder = self.embedder.withLock({ $0 }) { return embedder }
        let loaded: SentenceEmbedder
        do {
            if let directory = self.modelDirectory {
                loaded = try SentenceEmbedder(modelDirectory: directory, options: self.embedderOptions)
            } else {
                loaded = try SentenceEmbedder.load(Self.modelName, options: self.embedderOptions,
                                                   locator: self.locator)
            }
        } catch let error as TandemError {
            throw LLMError(.unavailable, "the local model could not be loaded: \(error.message)", provider: self.name)
        }
        self.embedder.withLock { $0 = loaded }
        return loaded
    }

    /// Runs `work` on the provider's serial queue and waits for it without blocking a cooperative thread.
    private func onQueue<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            self.queue.async {
                continuation.resume(with: Swift.Result { try work() })
            }
        }
    }
}
