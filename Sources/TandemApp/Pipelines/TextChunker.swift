/// Splits text into chunks for embedding: whole sentences packed up to ``size`` characters, with about
/// ``overlap`` characters of trailing sentences repeated at the start of the next chunk, so a passage cut at a
/// chunk boundary is still found whole. A sentence longer than ``size`` is cut at word boundaries.
public struct TextChunker: Sendable, Hashable {
    /// The most characters in a chunk (at least 1).
    public var size: Int
    /// How many characters of the previous chunk's last sentences start the next one (less than ``size``).
    public var overlap: Int

    /// Creates a chunker.
    /// - Parameters:
    ///   - size: the most characters per chunk (default 1,000).
    ///   - overlap: the characters repeated between neighbours (default 200; clamped below `size`).
    public init(size: Int = 1_000, overlap: Int = 200) {
        self.size = max(1, size)
        self.overlap = min(max(0, overlap), self.size / 2)
    }

    /// The chunks of `text`, in order; none for blank text.
    public func chunks(_ text: String) -> [String] {
        var pieces: [String] = []
        for sentence in SentenceSplitter.sentences(in: text) {
            if sentence.count <= self.size {
                pieces.append(sentence)
            } else {
                pieces += self.cut(sentence)
            }
        }
        var chunks: [String] = []
        var current: [String] = []
        var length = 0
        for piece in pieces {
            let added = (current.isEmpty ? 0 : 1) + piece.count
            if !current.isEmpty && length + added > self.size {
                chunks.append(current.joined(separator: " "))
                // Carry the last sentences (up to `overlap` characters) into the next chunk.
                var carried: [String] = []
                var carriedLength = 0
                for sentence in current.reversed() {
                    let next = carriedLength + (carried.isEmpty ? 0 : 1) + sentence.count
                    guard next <= self.overlap, next + 1 + piece.count <= self.size else { break }
                    carried.insert(sentence, at: 0)
                    carriedLength = next
                }
                current = carried
                length = carriedLength
            }
            length += (current.isEmpty ? 0 : 1) + piece.count
            current.append(piece)
        }
        if !current.isEmpty { chunks.append(current.joined(separator: " ")) }
        return chunks
    }

    /// A sentence longer than ``size``, cut at spaces (or hard, for a word longer than ``size``).
    private func cut(_ sentence: String) -> [String] {
        var parts: [String] = []
        var current = ""
        for word in sentence.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            while word.count > self.size {
                if !current.isEmpty {
                    parts.append(current)
                    current = ""
                }
                parts.append(String(word.prefix(self.size)))
                word = word.dropFirst(self.size)
            }
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= self.size {
                current += " " + word
            } else {
                parts.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
