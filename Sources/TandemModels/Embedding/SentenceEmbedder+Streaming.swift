extension SentenceEmbedder {
    /// Embeds a sequence of any length window by window, handing each window's vectors to `body` in input order.
    ///
    /// Only one window of texts and vectors is held at a time, so memory stays bounded for millions of texts;
    /// inside a window texts are sorted by length and packed, as in ``embed(_:)-([String])``.
    /// - Parameters:
    ///   - texts: The texts, consumed once, in order.
    ///   - window: Texts per window (at least 1).
    ///   - body: Called with the index of the window's first text and the window's texts and vectors; a thrown error
    ///     stops the iteration and is rethrown.
    /// - Returns: The number of texts embedded.
    @discardableResult
    public func embed<Texts: Sequence<String>>(
        streaming texts: Texts,
        window: Int = 512,
        _ body: (_ firstIndex: Int, _ texts: [String], _ vectors: [[Float]]) throws -> Void
    ) rethrows -> Int {
        var pending: [String] = []
        let size = max(1, window)
        pending.reserveCapacity(size)
        var first = 0
        for text in texts {
            pending.append(text)
            if pending.count == size {
                try body(first, pending, self.embed(pending))
                first += pending.count
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty {
            try body(first, pending, self.embed(pending))
            first += pending.count
        }
        return first
    }
}
