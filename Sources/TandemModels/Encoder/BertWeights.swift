/// The tensors of a BERT encoder, read in place from a safetensors file (the fused QKV projection is a copy).
// @unchecked Sendable: the buffers point into `file` (kept alive here) or into `owned`, both immutable after init
// and freed only in deinit.
package final class BertWeights: @unchecked Sendable {
    package struct Layer {
        package var qkvWeight: UnsafePointer<Float>  // [3H, H]: query, key, value rows
        package var qkvBias: UnsafePointer<Float>  // [3H]
        package var attentionOutputWeight: UnsafePointer<Float>  // [H, H]
        package var attentionOutputBias: UnsafePointer<Float>
        package var attentionNormGamma: UnsafePointer<Float>
        package var attentionNormBeta: UnsafePointer<Float>
        package var intermediateWeight: UnsafePointer<Float>  // [I, H]
        package var intermediateBias: UnsafePointer<Float>
        package var outputWeight: UnsafePointer<Float>  // [H, I]
        package var outputBias: UnsafePointer<Float>
        package var outputNormGamma: UnsafePointer<Float>
        package var outputNormBeta: UnsafePointer<Float>
    }

    package let configuration: BertConfiguration
    package let file: SafeTensorsFile
    package let wordEmbeddings: UnsafePointer<Float>  // [V, H]
    package let positionEmbeddings: UnsafePointer<Float>  // [P, H]
    package let tokenTypeEmbeddings: UnsafePointer<Float>  // [T, H]
    package let embeddingNormGamma: UnsafePointer<Float>
    package let embeddingNormBeta: UnsafePointer<Float>
    package let layers: [Layer]
    private let owned: [UnsafeMutableBufferPointer<Float>]

    /// Reads every tensor the encoder needs, checking names, dtypes and shapes against `configuration`.
    /// - Throws: ``TandemCore/TandemError`` `model_corrupt` naming the first missing or mis-shaped tensor.
    package init(file: SafeTensorsFile, configuration: BertConfiguration) throws {
        self.file = file
        self.configuration = configuration
        let h = configuration.hiddenSize, i = configuration.intermediateSize
        let prefix = file.header.entries["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws -> UnsafePointer<Float> {
            try file.floats(prefix + name, shape: shape).baseAddress!
        }
        self.wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [configuration.vocabularySize, h])
        self.positionEmbeddings = try tensor(
            "embeddings.position_embeddings.weight", [configuration.maximumPositions, h])
        self.tokenTypeEmbeddings = try tensor(
            "embeddings.token_type_embeddings.weight", [configuration.tokenTypeCount, h])
        self.embeddingNormGamma = try tensor("embeddings.LayerNorm.weight", [h])
        self.embeddingNormBeta = try tensor("embeddings.LayerNorm.bias", [h])
        var layers: [Layer] = []
        var owned: [UnsafeMutableBufferPointer<Float>] = []
        do {
            for index in 0..<configuration.layerCount {
                let base = "encoder.layer.\(index)."
                let qkvWeight = UnsafeMutableBufferPointer<Float>.allocate(capacity: 3 * h * h)
                let qkvBias = UnsafeMutableBufferPointer<Float>.allocate(capacity: 3 * h)
                owned += [qkvWeight, qkvBias]
                for (part, name) in ["query", "key", "value"].enumerated() {
                    let weight = try tensor(base + "attention.self.\(name).weight", [h, h])
                    let bias = try tensor(base + "attention.self.\(name).bias", [h])
                    (qkvWeight.baseAddress! + part * h * h).update(from: weight, count: h * h)
                    (qkvBias.baseAddress! + part * h).update(from: bias, count: h)
                    file.mapping.release(UnsafeRawPointer(weight), count: h * h * 4)
                }
                layers.append(
                    Layer(
                        qkvWeight: UnsafePointer(qkvWeight.baseAddress!),
                        qkvBias: UnsafePointer(qkvBias.baseAddress!),
                        attentionOutputWeight: try tensor(base + "attention.output.dense.weight", [h, h]),
                        attentionOutputBias: try tensor(base + "attention.output.dense.bias", [h]),
                        attentionNormGamma: try tensor(base + "attention.output.LayerNorm.weight", [h]),
                        attentionNormBeta: try tensor(base + "attention.output.LayerNorm.bias", [h]),
                        intermediateWeight: try tensor(base + "intermediate.dense.weight", [i, h]),
                        intermediateBias: try tensor(base + "intermediate.dense.bias", [i]),
                        outputWeight: try tensor(base + "output.dense.weight", [h, i]),
                        outputBias: try tensor(base + "output.dense.bias", [h]),
                        outputNormGamma: try tensor(base + "output.LayerNorm.weight", [h]),
                        outputNormBeta: try tensor(base + "output.LayerNorm.bias", [h])
                    )
                )
            }
        } catch {
            for buffer in owned { buffer.deallocate() }
            throw error
        }
        self.layers = layers
        self.owned = owned
    }

    deinit {
        for buffer in self.owned { buffer.deallocate() }
    }
}
