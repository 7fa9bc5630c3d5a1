/// The BERT encoder as sentence-transformers runs all-MiniLM-L6-v2: embeddings + LayerNorm, post-LN layers with
/// exact-erf GELU, mean pooling over the real tokens, L2 normalisation.
///
/// A batch is packed: the tokens of all its texts form one `[tokens, hidden]` matrix for the dense layers (no
/// padding, no compute on padding), attention runs per text and head, pooling per slice.
package struct BertEncoder: Sendable {
    package let weights: BertWeights
    package let multiplier: MatrixMultiplier

    package init(weights: BertWeights, multiplier: MatrixMultiplier) {
        self.weights = weights
        self.multiplier = multiplier
    }

    package var configuration: BertConfiguration { self.weights.configuration }

    /// Encodes `sequences` (token ids, each at most `maximumPositions` long) into unit vectors written to `output`
    /// (`sequences.count × hiddenSize` floats, in the order given). With `profile`, each stage's time is added to it.
    package func encode(
        _ sequences: [[Int32]], workspace: EncoderWorkspace, output: UnsafeMutablePointer<Float>,
        profile: UnsafeMutablePointer<EncoderProfile>? = nil
    ) {
        let config = self.configuration
        let h = config.hiddenSize
        let threads = self.multiplier.threads
        var offsets: [Int] = []
        offsets.reserveCapacity(sequences.count + 1)
        var total = 0
        var longest = 0
        for sequence in sequences {
            offsets.append(total)
            total += sequence.count
            longest = max(longest, sequence.count)
        }
        offsets.append(total)
        guard total > 0 else { return }
        workspace.reserve(tokens: total, longest: longest, threads: threads)
        EncoderProfile.measure(.embeddings, profile) {
            self.embed(sequences, offsets: offsets, into: workspace.hidden)
        }
        for layer in self.weights.layers {
            self.layer(layer, offsets: offsets, tokens: total, workspace: workspace, profile: profile)
        }
        EncoderProfile.measure(.pooling, profile) {
            for (index, range) in zip(offsets, offsets.dropFirst()).enumerated() {
                Self.meanPoolAndNormalise(workspace.hidden + range.0 * h, rows: range.1 - range.0, width: h,
                                          output: output + index * h)
            }
        }
        profile?.pointee.passes += 1
    }

    private func embed(_ sequences: [[Int32]], offsets: [Int], into hidden: UnsafeMutablePointer<Float>) {
        let config = self.configuration
        let h = config.hiddenSize
        let weights = self.weights
        for (index, sequence) in sequences.enumerated() {
            for (position, id) in sequence.enumerated() {
                let row = hidden + (offsets[index] + position) * h
                let token = Int(id) >= 0 && Int(id) < config.vocabularySize ? Int(id) : 0
                let word = weights.wordEmbeddings + token * h
                let place = weights.positionEmbeddings + min(position, config.maximumPositions - 1) * h
                let type = weights.tokenTypeEmbeddings
                for column in 0..<h { row[column] = word[column] + place[column] + type[column] }
            }
        }
        VectorKernels.layerNorm(hidden, rows: offsets.last!, width: h, gamma: weights.embeddingNormGamma,
                                beta: weights.embeddingNormBeta, epsilon: config.layerNormEpsilon)
    }

    private func layer(
        _ layer: BertWeights.Layer, offsets: [Int], tokens: Int, workspace: EncoderWorkspace,
        profile: UnsafeMutablePointer<EncoderProfile>?
    ) {
        let config = self.configuration
        let h = config.hiddenSize, i = config.intermediateSize
        let threads = self.multiplier.threads
        let epsilon = config.layerNormEpsilon
        let hidden = workspace.hidden, qkv = workspace.qkv, context = workspace.context
        let attention = workspace.attention, intermediate = workspace.intermediate

        // Q, K, V side by side in `qkv` ([T, 3H]): one product with the fused weight or three, bias pre-filled.
        EncoderProfile.measure(.qkv, profile) {
            VectorKernels.setRows(qkv, rows: tokens, width: 3 * h, source: nil, bias: layer.qkvBias)
            let width = 3 * h / layer.qkv.count
            for (part, weight) in layer.qkv.enumerated() {
                self.multiplier.multiply(m: tokens, n: width, k: h, a: hidden, lda: h, weight: weight,
                                         c: qkv + part * width, ldc: 3 * h, accumulate: true, workspace: workspace)
            }
        }
        EncoderProfile.measure(.attention, profile) {
            self.attention(qkv: qkv, context: context, offsets: offsets, scores: workspace.scores, threads: threads)
        }

        // Attention output: LayerNorm(context·Woᵀ + bo + hidden).
        EncoderProfile.measure(.attentionOutput, profile) {
            ComputeThreads.forEachRange(tokens, threads: threads, minimumPerThread: 16) { start, end in
                VectorKernels.setRows(attention + start * h, rows: end - start, width: h, source: hidden + start * h,
                                      bias: layer.attentionOutputBias)
            }
            self.multiplier.multiply(m: tokens, n: h, k: h, a: context, lda: h, weight: layer.attentionOutput,
                                     c: attention, ldc: h, accumulate: true, workspace: workspace)
        }
        EncoderProfile.measure(.attentionNorm, profile) {
            ComputeThreads.forEachRange(tokens, threads: threads, minimumPerThread: 16) { start, end in
                VectorKernels.layerNorm(attention + start * h, rows: end - start, width: h,
                                        gamma: layer.attentionNormGamma, beta: layer.attentionNormBeta,
                                        epsilon: epsilon)
            }
        }

        // Feed-forward: GELU(attention·Wiᵀ + bi), then LayerNorm(·Wₒᵀ + bₒ + attention) back into hidden.
        EncoderProfile.measure(.intermediate, profile) {
            self.multiplier.multiply(m: tokens, n: i, k: h, a: attention, lda: h, weight: layer.intermediate,
                                     c: intermediate, ldc: i, accumulate: false, workspace: workspace)
        }
        EncoderProfile.measure(.gelu, profile) {
            ComputeThreads.forEachRange(tokens, threads: threads, minimumPerThread: 4) { start, end in
                VectorKernels.biasGELU(intermediate + start * i, rows: end - start, width: i,
                                       bias: layer.intermediateBias)
                VectorKernels.setRows(hidden + start * h, rows: end - start, width: h, source: attention + start * h,
                                      bias: layer.outputBias)
            }
        }
        EncoderProfile.measure(.output, profile) {
            self.multiplier.multiply(m: tokens, n: h, k: i, a: intermediate, lda: i, weight: layer.output,
                                     c: hidden, ldc: h, accumulate: true, workspace: workspace)
        }
        EncoderProfile.measure(.outputNorm, profile) {
            ComputeThreads.forEachRange(tokens, threads: threads, minimumPerThread: 16) { start, end in
                VectorKernels.layerNorm(hidden + start * h, rows: end - start, width: h, gamma: layer.outputNormGamma,
                                        beta: layer.outputNormBeta, epsilon: epsilon)
            }
        }
    }

    /// Self-attention per text and head: softmax(Q·Kᵀ/√d)·V, written head by head into `context`.
    ///
    /// Kᵀ is copied into a zero-padded `[d, L']` block so each score row is `Σ_d q[d]·Kᵀ[d, :]`, 16 lanes at a
    /// time; the weighted sum of V rows then runs along the head's contiguous `d` values.
    private func attention(
        qkv: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>, offsets: [Int],
        scores: UnsafeMutablePointer<Float>, threads: Int
    ) {
        let config = self.configuration
        let h = config.hiddenSize, heads = config.headCount, d = config.headSize
        let stride = 3 * h
        let scale = 1 / Float(d).squareRoot()
        let jobs = (offsets.count - 1) * heads
        var longest = 0
        for index in 0..<(offsets.count - 1) { longest = max(longest, offsets[index + 1] - offsets[index]) }
        let scratchStride = EncoderWorkspace.attentionScratch(longest: longest, headSize: d)
        // Each part takes every `parts`-th job (its heads of every text) rather than a contiguous range: the batch is
        // sorted by length and a head's cost grows with L², so contiguous halves left one thread the longer texts.
        let parts = max(1, min(threads, jobs))
        ComputeThreads.forEachPart(jobs, threads: parts) { part, _, _ in
            let keys = scores + part * scratchStride  // this part's own scratch
            for job in Swift.stride(from: part, to: jobs, by: parts) {
                let sequence = job / heads, head = job % heads
                let first = offsets[sequence], length = offsets[sequence + 1] - first
                let padded = (length + 15) / 16 * 16
                let matrix = keys + d * padded
                let query = qkv + first * stride + head * d
                let key = query + h
                let value = query + 2 * h
                if let blas = self.multiplier.blas, length >= 16 {
                    // Scores, their exponentials, P·V, and only then the division by each row's sum: 32 divisions
                    // per row instead of L. `inverses` fits after the L×L scores (the scratch holds L'·(d + L)).
                    let matrix = keys, inverses = keys + length * length
                    blas.sgemm(m: length, n: length, k: d, a: query, lda: stride, b: key, ldb: stride,
                               transposeB: true, beta: 0, c: matrix, ldc: length)
                    for row in 0..<length {
                        inverses[row] = 1 / VectorKernels.exponentials(matrix + row * length, count: length,
                                                                       scale: scale)
                    }
                    let out = context + first * h + head * d
                    blas.sgemm(m: length, n: d, k: length, a: matrix, lda: length, b: value, ldb: stride,
                               transposeB: false, beta: 0, c: out, ldc: h)
                    for row in 0..<length { VectorKernels.scale(out + row * h, count: d, by: inverses[row]) }
                    continue
                }
                for row in 0..<length {
                    let source = key + row * stride
                    for column in 0..<d { keys[column * padded + row] = source[column] }
                }
                if padded > length {
                    for column in 0..<d {
                        (keys + column * padded + length).update(repeating: 0, count: padded - length)
                    }
                }
                for row in 0..<length {
                    let out = matrix + row * padded
                    Self.scoreRow(query + row * stride, keys: keys, width: d, padded: padded, output: out)
                    VectorKernels.softmax(out, count: length, scale: scale)
                }
                Self.weightedSums(matrix, rows: length, padded: padded, values: value, stride: stride, width: d,
                                  output: context + first * h + head * d, outputStride: h)
            }
        }
    }

    /// `output[j] = Σ_c q[c]·keys[c·padded + j]` for j < padded (a multiple of 16).
    @inline(__always)
    private static func scoreRow(
        _ q: UnsafePointer<Float>, keys: UnsafePointer<Float>, width: Int, padded: Int,
        output: UnsafeMutablePointer<Float>
    ) {
        var column = 0
        while column + 32 <= padded {
            var sum0 = SIMD16<Float>(), sum1 = SIMD16<Float>()
            for c in 0..<width {
                let line = keys + c * padded + column
                sum0 += q[c] * VectorKernels.load(line)
                sum1 += q[c] * VectorKernels.load(line + 16)
            }
            VectorKernels.store(sum0, output + column)
            VectorKernels.store(sum1, output + column + 16)
            column += 32
        }
        while column < padded {
            var sum = SIMD16<Float>()
            for c in 0..<width { sum += q[c] * VectorKernels.load(keys + c * padded + column) }
            VectorKernels.store(sum, output + column)
            column += 16
        }
    }

    /// `output[i] = Σⱼ p[i][j] · V[j]` for every row i, V rows `width` wide at `stride` (width a multiple of 16
    /// handled 32 lanes at a time where possible).
    @inline(__always)
    private static func weightedSums(
        _ p: UnsafePointer<Float>, rows: Int, padded: Int, values: UnsafePointer<Float>, stride: Int, width: Int,
        output: UnsafeMutablePointer<Float>, outputStride: Int
    ) {
        for row in 0..<rows {
            let weights = p + row * padded
            let out = output + row * outputStride
            var column = 0
            while column + 32 <= width {
                var sum0 = SIMD16<Float>(), sum1 = SIMD16<Float>()
                for j in 0..<rows {
                    let line = values + j * stride + column
                    sum0 += weights[j] * VectorKernels.load(line)
                    sum1 += weights[j] * VectorKernels.load(line + 16)
                }
                VectorKernels.store(sum0, out + column)
                VectorKernels.store(sum1, out + column + 16)
                column += 32
            }
            while column + 16 <= width {
                var sum = SIMD16<Float>()
                for j in 0..<rows { sum += weights[j] * VectorKernels.load(values + j * stride + column) }
                VectorKernels.store(sum, out + column)
                column += 16
            }
            while column < width {
                var sum: Float = 0
                for j in 0..<rows { sum += weights[j] * values[j * stride + column] }
                out[column] = sum
                column += 1
            }
        }
    }

    /// The mean of `rows` rows, scaled to unit length (a zero vector stays zero).
    private static func meanPoolAndNormalise(
        _ rows: UnsafePointer<Float>, rows count: Int, width: Int, output: UnsafeMutablePointer<Float>
    ) {
        for column in 0..<width { output[column] = 0 }
        for row in 0..<count {
            let line = rows + row * width
            for column in 0..<width { output[column] += line[column] }
        }
        var norm: Float = 0
        let inverseCount = 1 / Float(max(count, 1))
        for column in 0..<width {
            output[column] *= inverseCount
            norm += output[column] * output[column]
        }
        let inverseNorm = 1 / max(norm.squareRoot(), 1e-12)
        for column in 0..<width { output[column] *= inverseNorm }
    }
}
