#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore

/// The shape of a BERT encoder, from a Hugging Face `config.json` (defaults are all-MiniLM-L6-v2's).
public struct BertConfiguration: Sendable, Equatable {
    public var vocabularySize = 30_522
    public var hiddenSize = 384
    public var layerCount = 6
    public var headCount = 12
    public var intermediateSize = 1_536
    public var maximumPositions = 512
    public var tokenTypeCount = 2
    public var layerNormEpsilon: Float = 1e-12

    /// The width of one attention head.
    public var headSize: Int { self.hiddenSize / self.headCount }

    /// all-MiniLM-L6-v2's shape.
    public init() {}

    /// Reads `config.json`.
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - path: Where they came from, for error messages.
    /// - Throws: ``TandemCore/TandemError`` `model_corrupt` for invalid JSON, an unsupported activation or an
    ///   inconsistent shape.
    init(json data: Data, path: String = "config.json") throws {
        guard let object = (try? JSONDecoder().decode(JSONValue.self, from: data))?.objectValue else {
            throw ModelError.corrupt(path: path, reason: "not a JSON object")
        }
        func integer(_ key: String, _ fallback: Int) -> Int { object[key]?.integerValue.map(Int.init) ?? fallback }
        self.vocabularySize = integer("vocab_size", self.vocabularySize)
        self.hiddenSize = integer("hidden_size", self.hiddenSize)
        self.layerCount = integer("num_hidden_layers", self.layerCount)
        self.headCount = integer("num_attention_heads", self.headCount)
        self.intermediateSize = integer("intermediate_size", self.intermediateSize)
        self.maximumPositions = integer("max_position_embeddings", self.maximumPositions)
        self.tokenTypeCount = integer("type_vocab_size", self.tokenTypeCount)
        if let epsilon = object["layer_norm_eps"]?.doubleValue { self.layerNormEpsilon = Float(epsilon) }
        if let activation = object["hidden_act"]?.stringValue, activation != "gelu" {
            throw ModelError.corrupt(path: path, reason: "hidden_act '\(activation)' is not supported (only gelu)")
        }
        if let kind = object["position_embedding_type"]?.stringValue, kind != "absolute" {
            throw ModelError.corrupt(path: path, reason: "position_embedding_type '\(kind)' is not supported")
        }
        guard self.hiddenSize > 0, self.headCount > 0, self.hiddenSize % self.headCount == 0, self.layerCount > 0,
            self.intermediateSize > 0, self.maximumPositions > 0, self.vocabularySize > 0, self.tokenTypeCount > 0
        else { throw ModelError.corrupt(path: path, reason: "inconsistent model dimensions") }
    }
}
