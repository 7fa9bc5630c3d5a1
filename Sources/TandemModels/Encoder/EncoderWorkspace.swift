/// Scratch memory for one encoder pass, reused across batches and grown only when a batch needs more.
// @unchecked Sendable: a workspace is handed between calls through SentenceEmbedder's locked pool and used by one
// call at a time; it is never shared while in use.
package final class EncoderWorkspace: @unchecked Sendable {
    package private(set) var tokenCapacity = 0
    package private(set) var hidden: UnsafeMutablePointer<Float>  // [T, H]
    package private(set) var attention: UnsafeMutablePointer<Float>  // [T, H]
    package private(set) var context: UnsafeMutablePointer<Float>  // [T, H]
    package private(set) var qkv: UnsafeMutablePointer<Float>  // [T, 3H]
    package private(set) var intermediate: UnsafeMutablePointer<Float>  // [T, I]
    package private(set) var scores: UnsafeMutablePointer<Float>  // per thread: Kᵀ [d, L'] and scores [L, L']
    package private(set) var quantized: UnsafeMutablePointer<Int16>  // [T, I']: int8 activations of one product
    package private(set) var rowScales: UnsafeMutablePointer<Float>  // [T]
    private var scoreCapacity = 0
    private let configuration: BertConfiguration

    package init(configuration: BertConfiguration) {
        self.configuration = configuration
        self.hidden = .allocate(capacity: 1)
        self.attention = .allocate(capacity: 1)
        self.context = .allocate(capacity: 1)
        self.qkv = .allocate(capacity: 1)
        self.intermediate = .allocate(capacity: 1)
        self.scores = .allocate(capacity: 1)
        self.quantized = .allocate(capacity: 1)
        self.rowScales = .allocate(capacity: 1)
    }

    deinit {
        for pointer in [self.hidden, self.attention, self.context, self.qkv, self.intermediate, self.scores] {
            pointer.deallocate()
        }
        self.quantized.deallocate()
        self.rowScales.deallocate()
    }

    /// Floats of attention scratch one thread needs: Kᵀ (`d × L'`) and the scores (`L × L'`), `L'` = L rounded up
    /// to 16.
    package static func attentionScratch(longest: Int, headSize: Int) -> Int {
        let padded = (longest + 15) / 16 * 16
        return padded * (headSize + longest)
    }

    /// Makes room for `tokens` packed tokens and `threads` score matrices of `longest`².
    package func reserve(tokens: Int, longest: Int, threads: Int) {
        if tokens > self.tokenCapacity {
            let h = self.configuration.hiddenSize, i = self.configuration.intermediateSize
            for pointer in [self.hidden, self.attention, self.context, self.qkv, self.intermediate] {
                pointer.deallocate()
            }
            self.hidden = .allocate(capacity: tokens * h)
            self.attention = .allocate(capacity: tokens * h)
            self.context = .allocate(capacity: tokens * h)
            self.qkv = .allocate(capacity: tokens * 3 * h)
            self.intermediate = .allocate(capacity: tokens * i)
            self.quantized.deallocate()
            self.rowScales.deallocate()
            // Only the int8 path touches these; untouched pages of a large allocation are never made resident.
            // Rows rounded up to even: the C int8 kernels read activations in pairs.
            self.quantized = .allocate(capacity: tokens * ((max(h, i) + 1) & ~1))
            self.rowScales = .allocate(capacity: tokens)
            self.tokenCapacity = tokens
        }
        let scoreNeed = Self.attentionScratch(longest: longest, headSize: self.configuration.headSize) * threads
        if scoreNeed > self.scoreCapacity {
            self.scores.deallocate()
            self.scores = .allocate(capacity: scoreNeed)
            self.scoreCapacity = scoreNeed
        }
    }
}
