/// The tensors of a BERT encoder, read in place from a safetensors file (int8 weights are quantised at load).
// @unchecked Sendable: the buffers point into `file` (kept alive here) or into `owned`, both immutable after init
// and freed only in deinit.
package final class BertWeights: @unchecked Sendable {
    package struct Layer {
        /// One fused `[3H, H]` weight (query, key, value rows), or the three `[H, H]` weights read in place.
        package var qkv: [DenseWeight]
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
    /// fp32 weights are used in place: nothing is copied at load. With ``WeightPrecision/int8`` the four dense
    /// layers of every encoder layer are quantised per output channel here (query, key and value stacked into one
    /// weight first), and the file's pages of their float weights are handed back to the kernel (they no longer
    /// count towards the resident set).
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
        /// `weight` (`rows × columns`, contiguous) in this precision; quantised weights' file pages are released.
        func dense(_ weight: UnsafePointer<Float>, _ rows: Int, _ columns: Int) -> DenseWeight {
            guard precision == .int8 else { return .float32(weight) }
            defer { file.mapping.release(UnsafeRawPointer(weight), count: rows * columns * 4) }
            return .int8(QuantizedMatrix(quantizing: weight, rows: rows, columns: columns))
        }
        func dense(_ name: String, _ rows: Int, _ columns: Int) throws -> DenseWeight {
            dense(try tensor(name, [rows, columns]), rows, columns)
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
        let fused = UnsafeMutableBufferPointer<Float>.allocate(capacity: 3 * h * h)
        defer { fused.deallocate() }
        do {
            for index in 0..<configuration.layerCount {
                let base = "encoder.layer.\(index)."
                let qkvBias = UnsafeMutableBufferPointer<Float>.allocate(capacity: 3 * h)
                owned.append(qkvBias)
                var parts: [UnsafePointer<Float>] = []
                for (part, name) in ["query", "key", "value"].enumerated() {
                    parts.append(try tensor(base + "attention.self.\(name).weight", [h, h]))
                    let bias = try tensor(base + "attention.self.\(name).bias", [h])
                    (qkvBias.baseAddress! + part * h).update(from: bias, count: h)
                }
                let qkv: [DenseWeight]
                if precision != .int8 {
                    qkv = parts.map { .float32($0) }  // three products on the file's weights: no copy at load
                } else {  // quantised anyway: stack Q, K and V into one [3H, H] weight for one product
                    for (part, weight) in parts.enumerated() {
                        (fused.baseAddress! + part * h * h).update(from: weight, count: h * h)
                        file.mapping.release(UnsafeRawPointer(weight), count: h * h * 4)
                    }
                    qkv = [dense(UnsafePointer(fused.baseAddress!), 3 * h, h)]
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
