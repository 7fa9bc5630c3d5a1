/// The tensors of a BERT encoder, read in place from a safetensors file (the fused QKV projection is a copy).
// @unchecked Sendable: the buffers point into `file` (kept alive here) or into `owned`, both immutable after init
// and freed only in deinit.
package final class BertWeights: @unchecked Sendable {
    package struct Layer {
        package var qkv: DenseWeight  // [3H, H]: query, key, value rows
        package var qkvBias: UnsafePointer<Float>  // [3H]
        package var attentionOutput: DenseWeight  // [H, H]
        package var attentionOutputBias: UnsafePointer<Float>
        package var attentionNormGamma: UnsafePointer<Float>
        package var attentionNormBeta: UnsafePointer<Float>
        package var intermediate: DenseWeight  // [I, H]
        package var intermediateBias: UnsafePointer<Float>
        package var output: DenseWeight  // [H, I]
        package var outputBias: UnsafePointer<Float>
        package var outputNormGamma: UnsafePointer<Float>
        package var outputNormBeta: UnsafePointer<Float>
    }

    package let configuration: BertConfiguration
    package let precision: WeightPrecision
    package let file: SafeTensorsFile
    package let wordEmbeddings: UnsafePointer<Float>  // [V, H]
    package let positionEmbeddings: UnsafePointer<Float>  // [P, H]
    package let tokenTypeEmbeddings: UnsafePointer<Float>  // [T, H]
    package let embeddingNormGamma: UnsafePointer<Float>
    package let embeddingNormBeta: UnsafePointer<Float>
    package let layers: [Layer]
    private let owned: [UnsafeMutableBufferPointer<Float>]

    /// Reads every tensor the encoder needs, checking names, dtypes and shapes against `configuration`.
    ///
    /// With ``WeightPrecision/int8`` the four dense layers of every encoder layer are quantised per output channel
    /// here, and the file's pages of their float weights are handed back to the kernel (they no longer count
    /// towards the resident set).
    /// - Throws: ``TandemCore/TandemError`` `model_corrupt` naming the first missing or mis-shaped tensor.
    package init(file: SafeTensorsFile, configuration: BertConfiguration, precision: WeightPrecision = .float32)
        throws
    {
        self.file = file
        self.configuration = configuration
        self.precision = precision
        let h = configuration.hiddenSize, i = configuration.intermediateSize
        let prefix = file.header.entries["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws -> UnsafePointer<Float> {
            try file.floats(prefix + name, shape: shape).baseAddress!
        }
        func dense(_ name: String, _ rows: Int, _ columns: Int) throws -> DenseWeight {
            let weight = try tensor(name, [rows, columns])
            guard precision == .int8 else { return .float32(weight) }
            let quantized = QuantizedMatrix(quantizing: weight, rows: rows, columns: columns)
            file.mapping.release(UnsafeRawPointer(weight), count: rows * columns * 4)
            return .int8(quantized)
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
                owned += [qkvBias, qkvWeight]
                for (part, name) in ["query", "key", "value"].enumerated() {
                    let weight = try tensor(base + "attention.self.\(name).weight", [h, h])
                    let bias = try tensor(base + "attention.self.\(name).bias", [h])
                    (qkvWeight.baseAddress! + part * h * h).update(from: weight, count: h * h)
                    (qkvBias.baseAddress! + part * h).update(from: bias, count: h)
                    file.mapping.release(UnsafeRawPointer(weight), count: h * h * 4)
                }
                let qkv: DenseWeight
                if precision == .int8 {
                    qkv = .int8(QuantizedMatrix(quantizing: qkvWeight.baseAddress!, rows: 3 * h, columns: h))
                    owned.removeLast()
                    qkvWeight.deallocate()
                } else {
                    qkv = .float32(UnsafePointer(qkvWeight.baseAddress!))
                }
                layers.append(
                    Layer(
                        qkv: qkv,
                        qkvBias: UnsafePointer(qkvBias.baseAddress!),
                        attentionOutput: try dense(base + "attention.output.dense.weight", h, h),
                        attentionOutputBias: try tensor(base + "attention.output.dense.bias", [h]),
                        attentionNormGamma: try tensor(base + "attention.output.LayerNorm.weight", [h]),
                        attentionNormBeta: try tensor(base + "attention.output.LayerNorm.bias", [h]),
                        intermediate: try dense(base + "intermediate.dense.weight", i, h),
                        intermediateBias: try tensor(base + "intermediate.dense.bias", [i]),
                        output: try dense(base + "output.dense.weight", h, i),
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
